// An inventory or vars file may be encrypted whole with `ansible-vault encrypt`: it is read opened,
// and the caller marks every value in it sensitive (`encrypted`).
import { readFile } from 'node:fs/promises';
import { decryptVault, isVaultText, VaultError, type VaultSecret } from '../secrets/ansible-vault.ts';
import { InventoryError } from './inventory-error.ts';
import { sensitive } from '../secrets/sensitive-values.ts';
import { parseYamlSource, type YamlSource } from './yaml-source.ts';

export async function readVaultOrText(file: string, vault: readonly VaultSecret[]): Promise<{ text: string; encrypted: boolean }> {
  const text = await readFile(file, 'utf8');
  if (!isVaultText(text)) return { text, encrypted: false };
  try {
    return { text: decryptVault(text, vault, file), encrypted: true };
  } catch (error) {
    if (error instanceof VaultError) throw new InventoryError({ file, line: 1, column: 1 }, undefined, error.message.replace(`${file}: `, ''));
    throw error;
  }
}

/**
 * A file of vars as Ansible reads one (YAML 1.1 scalars, JSON, Vault-encrypted whole or value by
 * value): its source, whose value is the mapping, or undefined when the file is empty. Every value
 * of a file encrypted whole is a secret. `what` names it in the error when it is not a mapping;
 * `readFailed` gives the error for a file that cannot be read or opened.
 */
export async function readVarsFile(
  path: string,
  vault: readonly VaultSecret[],
  options: { what?: string; readFailed?: (error: NodeJS.ErrnoException) => Error } = {},
): Promise<(YamlSource & { value: Record<string, unknown> }) | undefined> {
  const { what = 'a vars file', readFailed } = options;
  const { text, encrypted } = await readVaultOrText(path, vault).catch((error: NodeJS.ErrnoException) => {
    throw readFailed ? readFailed(error) : error;
  });
  const source = parseYamlSource(path, text, { ansible: vault });
  if (encrypted) sensitive(source.value);
  if (source.value === null || source.value === undefined) return undefined;
  if (typeof source.value !== 'object' || Array.isArray(source.value)) {
    throw new InventoryError(source.locate([]), undefined, `${what} must be a mapping of variable names to values`);
  }
  return source as YamlSource & { value: Record<string, unknown> };
}
