// Reading and writing a secrets file: a YAML mapping of values, encrypted with age. Plain text is
// refused on read, so a secret cannot sit unencrypted in a repository because a step was skipped.
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { z } from 'zod';
import { InventoryError } from '../inventory/inventory-error.ts';
import { parseYamlSource, validateYaml } from '../inventory/yaml-source.ts';
import { decryptAge, encryptAge, isAgeFile, isPassphraseFile, type AgeTarget } from './age-file.ts';
import { findIdentities, findPassphrase } from './age-keys.ts';
import { SecretsError } from './secrets-error.ts';

export interface OpenedSecrets {
  text: string;
  /** The passphrase it was opened with, to encrypt it again the same way (edit). */
  passphrase?: string;
}

export async function readBytes(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new SecretsError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Decrypts a secrets file with the keys the environment offers (see age-keys.ts). */
export async function openSecretsFile(file: string, identityFiles: string[] = []): Promise<OpenedSecrets> {
  const bytes = await readBytes(file);
  if (!isAgeFile(bytes)) throw new SecretsError(`${file} is not encrypted: encrypt it with \`corectl secrets encrypt ${file}\``);
  if (await isPassphraseFile(bytes)) {
    const passphrase = await findPassphrase(file);
    return { text: await decryptAge(file, bytes, { passphrase }), passphrase };
  }
  const { identities } = await findIdentities(identityFiles);
  return { text: await decryptAge(file, bytes, { identities }) };
}

/** Parses the YAML and checks it against a schema; errors name the file, line and field, never a value. */
export function parseSecrets<S extends z.ZodType>(file: string, text: string, schema: S): z.output<S> {
  try {
    return validateYaml(parseYamlSource(file, text), schema);
  } catch (error) {
    if (error instanceof InventoryError) throw new SecretsError(error.message);
    throw error;
  }
}

/** Encrypts the text and puts it at `file` in one step: the old file or the new, never a mix. */
export async function writeEncrypted(file: string, text: string, target: AgeTarget): Promise<void> {
  await writeAtomically(file, await encryptAge(text, target), 0o644);
}

/** Writes beside the target and renames over it. */
export async function writeAtomically(file: string, content: string | Buffer, mode: number): Promise<void> {
  const temp = `${file}.corectl-${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, content, { mode, flag: 'wx' });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw new SecretsError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
