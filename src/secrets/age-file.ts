// Files in the age format (age-encryption.org/v1), as the `age` CLI reads and writes them: encrypted
// to a passphrase (scrypt) or to X25519 recipients, binary or ASCII-armored. corectl writes armored
// files, which diff and merge as text in a repository.
import { SecretsError } from './secrets-error.ts';

// Loaded when a secrets file is read or written: every playbook imports this file through
// `corectl`, and the age library with its post-quantum code costs a run ~100 ms to load.
const age = () => import('age-encryption');

const BINARY_MAGIC = 'age-encryption.org/v1\n';
const ARMOR_HEADER = '-----BEGIN AGE ENCRYPTED FILE-----';

/** What a file can be opened with. */
export type AgeKeys = { passphrase: string } | { identities: string[] };
/** What a file is encrypted to. */
export type AgeTarget = { passphrase: string } | { recipients: string[] };

export function isAgeFile(bytes: Uint8Array): boolean {
  const start = Buffer.from(bytes.subarray(0, 64)).toString('latin1').trimStart();
  return start.startsWith(BINARY_MAGIC) || start.startsWith(ARMOR_HEADER);
}

/** True when the file was encrypted with a passphrase rather than to recipients. */
export async function isPassphraseFile(bytes: Uint8Array): Promise<boolean> {
  const text = Buffer.from((await binary(bytes)).subarray(0, 4096)).toString('latin1');
  const header = text.slice(0, Math.max(0, text.indexOf('\n--- ')));
  return /\n-> scrypt /.test(header);
}

export async function encryptAge(plaintext: string, target: AgeTarget): Promise<string> {
  const { armor, Encrypter } = await age();
  const encrypter = new Encrypter();
  try {
    if ('passphrase' in target) encrypter.setPassphrase(target.passphrase);
    else for (const recipient of target.recipients) encrypter.addRecipient(recipient);
  } catch (error) {
    throw new SecretsError(`cannot encrypt: ${(error as Error).message}`);
  }
  return armor.encode(await encrypter.encrypt(plaintext));
}

/** Decrypts an age file; `file` names it in errors. */
export async function decryptAge(file: string, bytes: Uint8Array, keys: AgeKeys): Promise<string> {
  const { Decrypter } = await age();
  const decrypter = new Decrypter();
  if ('passphrase' in keys) decrypter.addPassphrase(keys.passphrase);
  else for (const identity of keys.identities) decrypter.addIdentity(identity);
  try {
    return await decrypter.decrypt(await binary(bytes), 'text');
  } catch (error) {
    const message = (error as Error).message;
    if (/no identity matched/.test(message)) {
      throw new SecretsError('passphrase' in keys ? `${file}: wrong passphrase` : `${file}: none of the identities given can open it (it is encrypted to other recipients)`);
    }
    throw new SecretsError(`${file}: not a readable age file: ${message}`);
  }
}

async function binary(bytes: Uint8Array): Promise<Uint8Array> {
  const text = Buffer.from(bytes.subarray(0, 64)).toString('latin1').trimStart();
  if (!text.startsWith(ARMOR_HEADER)) return bytes;
  const { armor } = await age();
  try {
    return armor.decode(Buffer.from(bytes).toString('latin1'));
  } catch (error) {
    throw new SecretsError(`damaged ASCII armor: ${(error as Error).message}`);
  }
}
