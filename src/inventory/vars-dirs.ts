// host_vars/ and group_vars/ beside an inventory: for each host or group a file NAME, NAME.yml,
// NAME.yaml or NAME.json, or a directory NAME/ whose files are read in name order (Ansible's rules,
// see readVarFiles). Their scalars are read as Ansible's YAML 1.1 loader reads them.
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { ansibleLayer } from './load-ansible-yaml.ts';
import type { InventoryBuilder, VarLayer } from './inventory-model.ts';
import type { VaultSecret } from '../secrets/ansible-vault.ts';
import { readVarsFile } from './vault-file.ts';

const VAR_FILE = /^(.+?)(\.ya?ml|\.json)?$/;
const EXTENSIONS = ['', '.yml', '.yaml', '.json'];

/** Where an entry for NAME stands in Ansible's order of candidates. */
const precedence = (entry: string, name: string) => EXTENSIONS.indexOf(entry.slice(name.length));

export async function loadVarsDirs(dir: string, builder: InventoryBuilder, warnings: string[], vault: readonly VaultSecret[] = []): Promise<void> {
  for (const [kind, lookup] of [
    ['group_vars', (name: string) => builder.groups.get(name)],
    ['host_vars', (name: string) => builder.hosts.get(name) ?? (name === 'localhost' ? { layers: builder.localhostVars } : undefined)],
  ] as const) {
    const root = join(dir, kind);
    const entries = await readdir(root).catch(() => [] as string[]);
    // Ansible reads one of NAME (a file or a directory), NAME.yml, NAME.yaml and NAME.json: the
    // first that exists, in that order; the others are left unread, and corectl says so.
    const byName = new Map<string, string[]>();
    for (const entry of entries.sort()) {
      if (entry.startsWith('.')) continue;
      const name = VAR_FILE.exec(entry)![1]!;
      byName.set(name, [...(byName.get(name) ?? []), entry]);
    }
    for (const [name, found] of byName) {
      const [chosen, ...others] = found.sort((a, b) => precedence(a, name) - precedence(b, name));
      const target = lookup(name);
      if (!target) {
        for (const entry of found) warnings.push(`${join(root, entry)}: no ${kind === 'host_vars' ? 'host' : 'group'} named "${name}" in the inventory; file ignored`);
        continue;
      }
      for (const entry of others) warnings.push(`${join(root, entry)}: not read, as Ansible reads only ${join(root, chosen!)} (the first of ${name}, ${name}.yml, ${name}.yaml, ${name}.json)`);
      target.layers.push(...(await readVarFiles(join(root, chosen!), vault)));
    }
  }
}

/**
 * A vars file, or every vars file of a directory as Ansible picks them: names in order, hidden
 * ones and backups (`~`) skipped, files without an extension or with .yml/.yaml/.json, and
 * subdirectories without an extension read where they sort.
 */
async function readVarFiles(path: string, vault: readonly VaultSecret[]): Promise<VarLayer[]> {
  if ((await stat(path)).isDirectory()) {
    const layers: VarLayer[] = [];
    for (const entry of (await readdir(path)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (entry.startsWith('.') || entry.endsWith('~')) continue;
      const extension = extname(entry);
      const full = join(path, entry);
      const isDirectory = (await stat(full)).isDirectory();
      if (isDirectory ? extension === '' : ['', '.yml', '.yaml', '.json'].includes(extension)) layers.push(...(await readVarFiles(full, vault)));
    }
    return layers;
  }
  const source = await readVarsFile(path, vault);
  return source ? [{ ...ansibleLayer(source, source.value, []), varsFile: true }] : [];
}
