// Entry point: loads an inventory from a file or a directory (every inventory file in it, plus
// host_vars/ and group_vars/), detecting corectl YAML, Ansible YAML and Ansible INI.
import { readdir, stat } from 'node:fs/promises';
import { dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { expandHome } from '../connection/ssh-config.ts';
import { InventoryError } from './inventory-error.ts';
import { InventoryBuilder, type Inventory } from './inventory-model.ts';
import { loadAnsibleIniInventory } from './load-ansible-ini.ts';
import { loadAnsibleYamlInventory } from './load-ansible-yaml.ts';
import { isCorectlInventory, loadCorectlInventory } from './load-corectl-yaml.ts';
import { loadVarsDirs } from './vars-dirs.ts';
import type { VaultSecret } from '../secrets/ansible-vault.ts';
import { sensitive } from '../secrets/sensitive-values.ts';
import { readVaultOrText } from './vault-file.ts';
import { parseYamlSource } from './yaml-source.ts';
import { parse } from 'yaml';

export interface LoadedInventory extends Inventory {
  /** Things a person should know that did not stop the load (ignored vars files). */
  warnings: string[];
}

const INVENTORY_FILE = /^(hosts|inventory)?.*\.(ya?ml|ini|json)$|^hosts$/;

function isYamlMapping(text: string): boolean {
  try {
    const value: unknown = parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  } catch {
    return false;
  }
}

export interface InventoryOptions {
  /** Passwords for Ansible Vault values and files in the inventory and its vars files. */
  vault?: readonly VaultSecret[];
}

/** Loads one inventory, or several merged into one (hosts and groups of the same name are one). */
export async function loadInventory(paths: string | string[], options: InventoryOptions = {}): Promise<LoadedInventory> {
  const builder = new InventoryBuilder();
  const warnings: string[] = [];
  const vault = options.vault ?? [];
  for (const path of typeof paths === 'string' ? [paths] : paths) await loadSource(path, builder, warnings, vault);
  return { ...builder.finish(), warnings };
}

async function loadSource(path: string, builder: InventoryBuilder, warnings: string[], vault: readonly VaultSecret[]): Promise<void> {
  const location = resolve(expandHome(path));
  const info = await stat(location).catch(() => undefined);
  // `-i web1,web2:2222,`: a list of hosts, as Ansible's host_list source reads it.
  if (!info && path.includes(',')) return loadHostList(path, builder);
  if (!info) throw new InventoryError({ file: path, line: 0, column: 0 }, undefined, 'inventory not found (give one with -i PATH)');
  let varsDir = dirname(location);
  if (info.isDirectory()) {
    varsDir = location;
    const files = (await readdir(location)).filter((f) => INVENTORY_FILE.test(f)).sort();
    if (files.length === 0) {
      throw new InventoryError({ file: path, line: 0, column: 0 }, undefined, 'no inventory file (hosts.yaml, hosts.ini, ...) in this directory');
    }
    for (const file of files) await loadInventoryFile(join(location, file), builder, vault);
  } else {
    await loadInventoryFile(location, builder, vault);
  }
  await loadVarsDirs(varsDir, builder, warnings, vault);
}

function loadHostList(list: string, builder: InventoryBuilder): void {
  const at = { file: '-i', line: 1, column: 1 };
  for (const entry of list.split(',').map((e) => e.trim()).filter(Boolean)) {
    const withPort = /^\[([^\]]+)\]:(\d+)$|^([^:]+):(\d+)$/.exec(entry);
    const name = withPort ? (withPort[1] ?? withPort[3])! : entry.replace(/^\[(.*)\]$/, '$1');
    const host = builder.host(name, at);
    if (withPort) host.layers.push({ vars: { ansible_port: Number(withPort[2] ?? withPort[4]) }, connection: { port: Number(withPort[2] ?? withPort[4]) }, source: at });
    builder.addHostToGroup('ungrouped', name);
  }
}

async function loadInventoryFile(file: string, builder: InventoryBuilder, vault: readonly VaultSecret[]): Promise<void> {
  const { text, encrypted } = await readVaultOrText(file, vault);
  const extension = extname(file);
  // As Ansible's plugins take turns: .yml/.yaml/.json are YAML; a file without an extension is
  // YAML when it reads as a YAML mapping (a `hosts` file in YAML), INI otherwise; the rest INI.
  const yaml = ['.yaml', '.yml', '.json'].includes(extension) || (extension === '' && isYamlMapping(text));
  if (!yaml) {
    if (encrypted) sensitive(text.split(/\s+/).flatMap((word) => word.split('=').slice(1)));
    loadAnsibleIniInventory(file, text, builder);
    return;
  }
  const source = parseYamlSource(file, text);
  if (encrypted) sensitive(source.value);
  const relativeTo = (p: string) => (isAbsolute(expandHome(p)) ? expandHome(p) : resolve(dirname(file), p));
  if (isCorectlInventory(source.value)) loadCorectlInventory(source, builder, relativeTo);
  else if (source.value !== null) loadAnsibleYamlInventory(parseYamlSource(file, text, { ansible: vault }), builder);
}
