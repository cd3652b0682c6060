// Ansible's extra vars (`-e`): `key=value key2=value2` (values are strings, words split as a
// shell does), `@file.yml` (a YAML or JSON file of vars, Vault-aware), or a YAML/JSON mapping
// written out (`'{"replicas": 3}'`). They beat every other var, connection vars included; a later
// `-e` beats an earlier one, as in Ansible.
import { InventoryError } from './inventory-error.ts';
import type { SourceLocation } from './inventory-error.ts';
import { shlexSplit } from './python-shlex.ts';
import { readVarsFile } from './vault-file.ts';
import { parseYamlSource } from './yaml-source.ts';
import type { VaultSecret } from '../secrets/ansible-vault.ts';

export interface ExtraVars {
  vars: Record<string, unknown>;
  /** Where each var was given: `-e` (the command line) or the file and line. */
  origins: Record<string, SourceLocation>;
}

export async function readExtraVars(values: readonly string[], vault: readonly VaultSecret[] = []): Promise<ExtraVars> {
  const extra: ExtraVars = { vars: {}, origins: {} };
  for (const [index, value] of values.entries()) {
    const at = { file: `-e #${index + 1}`, line: 1, column: 1 };
    const add = (vars: Record<string, unknown>, where: (key: string) => SourceLocation) => {
      for (const [key, v] of Object.entries(vars)) {
        extra.vars[key] = v;
        extra.origins[key] = where(key);
      }
    };
    const text = value.trim();
    if (text.startsWith('@')) {
      const path = text.slice(1);
      const source = await readVarsFile(path, vault, {
        what: 'extra vars',
        readFailed: (error) => new InventoryError(at, undefined, `extra vars file ${path} cannot be read: ${error.code === 'ENOENT' ? 'no such file' : error.message}`),
      });
      if (source) add(source.value, (key) => source.locate([key]));
    } else if (text.startsWith('{')) {
      const source = parseYamlSource(at.file, text, { ansible: vault });
      if (!source.value || typeof source.value !== 'object' || Array.isArray(source.value)) throw new InventoryError(at, undefined, 'extra vars must be a mapping of variable names to values');
      add(source.value as Record<string, unknown>, () => at);
    } else {
      const pairs: Record<string, unknown> = {};
      for (const word of shlexSplit(text).map((w) => w.text)) {
        const equals = word.indexOf('=');
        if (equals <= 0) throw new InventoryError(at, undefined, `"${word}": expected key=value, @FILE or a YAML/JSON mapping`);
        pairs[word.slice(0, equals)] = word.slice(equals + 1);
      }
      add(pairs, () => at);
    }
  }
  return extra;
}
