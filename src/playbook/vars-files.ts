// A play's varsFiles (Ansible's vars_files): YAML or JSON files of vars, relative to the playbook,
// read as Ansible reads them (YAML 1.1 scalars, Vault-encrypted files and values with the run's
// vault passwords). Their vars are play vars: above the inventory's, below extra vars (-e).
import { dirname, resolve } from 'node:path';
import { InventoryError, type SourceLocation } from '../inventory/inventory-error.ts';
import { readVaultOrText } from '../inventory/vault-file.ts';
import { parseYamlSource } from '../inventory/yaml-source.ts';
import type { VaultSecret } from '../secrets/ansible-vault.ts';
import { sensitive } from '../secrets/sensitive-values.ts';
import { formatCallSite } from './call-site.ts';
import { PlaybookError } from './playbook-error.ts';
import type { Playbook } from './playbook-types.ts';

export interface FileVars {
  vars: Record<string, unknown>;
  origins: Record<string, SourceLocation>;
}

/** Reads every play's varsFiles once, before any host is touched; a later file beats an earlier one. */
export async function loadVarsFiles(playbook: Playbook, vault: readonly VaultSecret[] = []): Promise<void> {
  for (const play of playbook.plays) {
    const files = play.options.varsFiles ?? [];
    if (files.length === 0) continue;
    const base = play.site ? dirname(play.site.file) : process.cwd();
    const loaded: FileVars = { vars: {}, origins: {} };
    for (const file of files) {
      const path = resolve(base, file);
      const { text, encrypted } = await readVaultOrText(path, vault).catch((error: NodeJS.ErrnoException) => {
        throw new PlaybookError(`${formatCallSite(play.site)}: play "${play.name}": varsFiles: ${path} cannot be read: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
      });
      const source = parseYamlSource(path, text, { ansible: vault });
      if (source.value === null || source.value === undefined) continue;
      if (typeof source.value !== 'object' || Array.isArray(source.value)) throw new InventoryError(source.locate([]), undefined, 'a vars file must be a mapping of variable names to values');
      if (encrypted) sensitive(source.value);
      for (const [key, value] of Object.entries(source.value as Record<string, unknown>)) {
        loaded.vars[key] = value;
        loaded.origins[key] = source.locate([key]);
      }
    }
    play.varsFromFiles = loaded;
  }
}
