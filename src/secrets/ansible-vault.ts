// Ansible Vault (format 1.1 and 1.2, AES256), read and written the way ansible-core does: a header
// line `$ANSIBLE_VAULT;1.1;AES256` (1.2 adds `;label`), then hex lines that decode to three hex
// strings joined by newlines: salt, HMAC-SHA256 of the ciphertext, ciphertext. PBKDF2-SHA256 with
// 10,000 iterations turns password and salt into 80 bytes: the AES-256-CTR key, the HMAC key, the
// counter's start. The plaintext is PKCS#7-padded. Everything it yields is sensitive.
import { CorectlError } from '../errors/corectl-error.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import { createCipheriv, createDecipheriv, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { sensitive } from './sensitive-values.ts';

/** A vault password and where it came from (for messages: never the password itself). */
export interface VaultSecret {
  /** The vault id label (`--vault-id dev@FILE`); undefined for the default. */
  label?: string;
  password: string;
  source: string;
}

/** A vault that cannot be opened: no password given, none fits, or the text is damaged. */
export class VaultError extends CorectlError {
  override readonly name = 'VaultError';
  override readonly exitCode = ExitCode.usage;
}

export function isVaultText(text: string): boolean {
  return text.trimStart().startsWith('$ANSIBLE_VAULT;');
}

/** The plaintext of a vault, with every secret that could open it tried (the labelled one first). */
/** A vault's plaintext as text (an inventory, a vars file, a value): UTF-8, as Ansible reads them. */
export function decryptVault(text: string, secrets: readonly VaultSecret[], where: string): string {
  return sensitive(decryptVaultBytes(text, secrets, where).toString('utf8'));
}

/** A vault's plaintext as the bytes that were encrypted: a vault may hold any file, text or not. */
export function decryptVaultBytes(text: string, secrets: readonly VaultSecret[], where: string): Buffer {
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
    return padded.subarray(0, padded.length - padding);
  }
  const tried = secrets.map((s) => (s.label ? `${s.label}@${s.source}` : s.source)).join(', ');
  throw new VaultError(`${where}: no vault password given fits${label ? ` (the text is for vault id "${label}")` : ''}; tried ${tried}`);
}

/**
 * `text` encrypted as ansible-vault encrypts it: a new 32-byte salt, format 1.2 with the secret's
 * label when it has one (1.1 otherwise), hex lines of 80 characters.
 */
export function encryptVault(text: string | Buffer, secret: VaultSecret): string {
  const salt = randomBytes(32);
  const material = pbkdf2Sync(secret.password, salt, 10_000, 80, 'sha256');
  const plain = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const padding = 16 - (plain.length % 16);
  const cipher = createCipheriv('aes-256-ctr', material.subarray(0, 32), material.subarray(64, 80));
  const ciphertext = Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(padding, padding)])), cipher.final()]);
  const hmac = createHmac('sha256', material.subarray(32, 64)).update(ciphertext).digest('hex');
  const body = Buffer.from(`${salt.toString('hex')}\n${hmac}\n${ciphertext.toString('hex')}`, 'latin1').toString('hex');
  const header = secret.label ? `$ANSIBLE_VAULT;1.2;AES256;${secret.label}` : '$ANSIBLE_VAULT;1.1;AES256';
  return `${header}\n${body.match(/.{1,80}/g)!.join('\n')}\n`;
}
