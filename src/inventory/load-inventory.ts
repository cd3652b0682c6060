// Entry point: loads an inventory from a file or a directory (every inventory file in it, plus
// host_vars/ and group_vars/), detecting corectl YAML, Ansible YAML and Ansible INI.
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { expandHome } from '../connection/ssh-config.ts';
import { InventoryError } from './inventory-error.ts';
import { InventoryBuilder, type Inventory } from './inventory-model.ts';
import { loadAnsibleIniInventory } from './load-ansible-ini.ts';
import { loadAnsibleYamlInventory } from './load-ansible-yaml.ts';
import { isCorectlInventory, loadCorectlInventory } from './load-corectl-yaml.ts';
import { loadVarsDirs } from './vars-dirs.ts';
import { parseYamlSource } from './yaml-source.ts';

export interface LoadedInventory extends Inventory {
  /** Things a person should know that did not stop the load (ignored vars files). */
  warnings: string[];
}

const INVENTORY_FILE = /^(hosts|inventory)?.*\.(ya?ml|ini)$|^hosts$/;

export async function loadInventory(path: string): Promise<LoadedInventory> {
  const location = resolve(expandHome(path));
  const info = await stat(location).catch(() => {
    throw new InventoryError({ file: path, line: 0, column: 0 }, undefined, 'inventory not found (give one with -i PATH)');
  });
  const builder = new InventoryBuilder();
  const warnings: string[] = [];
  let varsDir = dirname(location);
  if (info.isDirectory()) {
    varsDir = location;
    const files = (await readdir(location)).filter((f) => INVENTORY_FILE.test(f)).sort();
    if (files.length === 0) {
      throw new InventoryError({ file: path, line: 0, column: 0 }, undefined, 'no inventory file (hosts.yaml, hosts.ini, ...) in this directory');
    }
    for (const file of files) await loadInventoryFile(join(location, file), builder);
  } else {
    await loadInventoryFile(location, builder);
  }
  await loadVarsDirs(varsDir, builder, warnings);
  return { ...builder.finish(), warnings };
}

async function loadInventoryFile(file: string, builder: InventoryBuilder): Promise<void> {
  const text = await readFile(file, 'utf8');
  const extension = extname(file);
  if (extension !== '.yaml' && extension !== '.yml') {
    loadAnsibleIniInventory(file, text, builder);
    return;
  }
  const source = parseYamlSource(file, text);
  const relativeTo = (p: string) => (isAbsolute(expandHome(p)) ? expandHome(p) : resolve(dirname(file), p));
  if (isCorectlInventory(source.value)) loadCorectlInventory(source, builder, relativeTo);
  else if (source.value !== null) loadAnsibleYamlInventory(parseYamlSource(file, text, 'ansible'), builder);
}
