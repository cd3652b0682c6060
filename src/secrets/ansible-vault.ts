// Reading Ansible Vault (format 1.1 and 1.2, AES256), the way ansible-core writes it: a header
// line `$ANSIBLE_VAULT;1.1;AES256` (1.2 adds `;label`), then hex lines that decode to three hex
// strings joined by newlines: salt, HMAC-SHA256 of the ciphertext, ciphertext. PBKDF2-SHA256 with
// 10,000 iterations turns password and salt into 80 bytes: the AES-256-CTR key, the HMAC key, the
// counter's start. The plaintext is PKCS#7-padded. Everything it yields is sensitive.
import { createDecipheriv, createHmac, pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import { sensitive } from './sensitive-values.ts';

/** A vault password and where it came from (for messages: never the password itself). */
export interface VaultSecret {
  /** The vault id label (`--vault-id dev@FILE`); undefined for the default. */
  label?: string;
  password: string;
  source: string;
}

/** A vault that cannot be opened: no password given, none fits, or the text is damaged. */
export class VaultError extends Error {
  override readonly name = 'VaultError';
}

export function isVaultText(text: string): boolean {
  return text.trimStart().startsWith('$ANSIBLE_VAULT;');
}

/** The plaintext of a vault, with every secret that could open it tried (the labelled one first). */
export function decryptVault(text: string, secrets: readonly VaultSecret[], where: string): string {
  const [header = '', ...lines] = text.trim().split(/\r?\n/);
  const [marker, version, cipher, label] = header.trim().split(';');
  if (marker !== '$ANSIBLE_VAULT' || (version !== '1.1' && version !== '1.2')) throw new VaultError(`${where}: not an Ansible Vault text (header "${header.slice(0, 40)}")`);
  if (cipher !== 'AES256') throw new VaultError(`${where}: vault cipher ${cipher} is not supported (only AES256, what ansible-vault writes)`);
  if (secrets.length === 0) {
    throw new VaultError(`${where}: encrypted with Ansible Vault${label ? ` (vault id "${label}")` : ''}; give its password with --vault-password-file FILE, --vault-id ${label ?? 'LABEL'}@FILE, --ask-vault-pass or ANSIBLE_VAULT_PASSWORD_FILE`);
  }
  const parts = Buffer.from(lines.join('').trim(), 'hex').toString('latin1').split('\n');
  if (parts.length !== 3 || parts.some((p) => !/^[0-9a-f]*$/i.test(p))) throw new VaultError(`${where}: the vault text is damaged (not salt, HMAC and ciphertext)`);
  const [salt, hmac, ciphertext] = parts.map((p) => Buffer.from(p, 'hex')) as [Buffer, Buffer, Buffer];
  const ordered = [...secrets.filter((s) => label !== undefined && s.label === label), ...secrets.filter((s) => label === undefined || s.label !== label)];
  for (const secret of ordered) {
    const material = pbkdf2Sync(secret.password, salt, 10_000, 80, 'sha256');
    const expected = createHmac('sha256', material.subarray(32, 64)).update(ciphertext).digest();
    if (expected.length !== hmac.length || !timingSafeEqual(expected, hmac)) continue;
    const decipher = createDecipheriv('aes-256-ctr', material.subarray(0, 32), material.subarray(64, 80));
    const padded = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    const padding = padded.at(-1) ?? 0;
    if (padding < 1 || padding > 16) throw new VaultError(`${where}: the vault text is damaged (bad padding)`);
    return sensitive(padded.subarray(0, padded.length - padding).toString('utf8'));
  }
  const tried = secrets.map((s) => (s.label ? `${s.label}@${s.source}` : s.source)).join(', ');
  throw new VaultError(`${where}: no vault password given fits${label ? ` (the text is for vault id "${label}")` : ''}; tried ${tried}`);
}
