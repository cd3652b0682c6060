// A play's varsFiles (Ansible's vars_files): YAML or JSON files of vars, relative to the playbook,
// read as Ansible reads them (YAML 1.1 scalars, Vault-encrypted files and values with the run's
// vault passwords). Their vars are play vars: above the inventory's, below extra vars (-e).
import { dirname, resolve } from 'node:path';
import type { SourceLocation } from '../inventory/inventory-error.ts';
import { readVarsFile } from '../inventory/vault-file.ts';
import type { VaultSecret } from '../secrets/ansible-vault.ts';
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
      const source = await readVarsFile(path, vault, {
        readFailed: (error) => new PlaybookError(`${formatCallSite(play.site)}: play "${play.name}": varsFiles: ${path} cannot be read: ${error.code === 'ENOENT' ? 'no such file' : error.message}`),
      });
      if (!source) continue;
      for (const [key, value] of Object.entries(source.value)) {
        loaded.vars[key] = value;
        loaded.origins[key] = source.locate([key]);
      }
    }
    play.varsFromFiles = loaded;
  }
}
