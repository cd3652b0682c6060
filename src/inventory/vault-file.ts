// An inventory or vars file may be encrypted whole with `ansible-vault encrypt`: it is read opened,
// and the caller marks every value in it sensitive (`encrypted`).
import { readFile } from 'node:fs/promises';
import { decryptVault, isVaultText, VaultError, type VaultSecret } from '../secrets/ansible-vault.ts';
import { InventoryError } from './inventory-error.ts';

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
