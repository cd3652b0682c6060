// Entry point: loads an inventory from a file or a directory (every inventory file in it, plus
// host_vars/ and group_vars/), detecting corectl YAML, Ansible YAML and Ansible INI.
import { readdir, stat } from 'node:fs/promises';
import { dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
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
import { parseYamlSource, type YamlSource } from './yaml-source.ts';
import { compilePythonRegex } from '../module-api/python-regex.ts';

export interface LoadedInventory extends Inventory {
  /** Things a person should know that did not stop the load (ignored vars files). */
  warnings: string[];
}

/** ansible-core's REJECT_EXTS plus what it ignores in inventory directories (INVENTORY_IGNORE_EXTS). */
export const DEFAULT_IGNORED_EXTENSIONS = ['.pyc', '.pyo', '.swp', '.bak', '~', '.rpm', '.md', '.txt', '.rst', '.orig', '.ini', '.cfg', '.retry'];

export interface InventoryOptions {
  /** Passwords for Ansible Vault values and files in the inventory and its vars files. */
  vault?: readonly VaultSecret[];
  /** Files of an inventory directory left unread, by ending (ansible.cfg's inventory_ignore_extensions). */
  ignoreExtensions?: readonly string[];
  /** ... and by Python regex searched in the name (inventory_ignore_patterns). */
  ignorePatterns?: readonly string[];
}

/** Loads one inventory, or several merged into one (hosts and groups of the same name are one). */
export async function loadInventory(paths: string | string[], options: InventoryOptions = {}): Promise<LoadedInventory> {
  const builder = new InventoryBuilder();
  const warnings: string[] = [];
  const vault = options.vault ?? [];
  const ignored = ignoredNames(options);
  for (const path of typeof paths === 'string' ? [paths] : paths) await loadSource(path, builder, warnings, vault, ignored);
  return { ...builder.finish(), warnings };
}

/** Names in an inventory directory that are never inventories: hidden ones and the vars directories. */
const NOT_INVENTORIES = /^\.|^host_vars$|^group_vars$|^vars_plugins$/;

/** As ansible-core's inventory manager: hidden names, vars directories, ignored endings and patterns. */
function ignoredNames(options: InventoryOptions): (name: string) => boolean {
  const endings = options.ignoreExtensions ?? DEFAULT_IGNORED_EXTENSIONS;
  const patterns = (options.ignorePatterns ?? []).map((p) => compilePythonRegex(p).regex);
  const latin1 = (name: string) => Buffer.from(name).toString('latin1');
  return (name) => NOT_INVENTORIES.test(name) || endings.some((e) => name.endsWith(e)) || patterns.some((p) => p.test(latin1(name)));
}

async function loadSource(path: string, builder: InventoryBuilder, warnings: string[], vault: readonly VaultSecret[], ignored: (name: string) => boolean): Promise<void> {
  const location = resolve(expandHome(path));
  const info = await stat(location).catch(() => undefined);
  // `-i web1,web2:2222,`: a list of hosts, as Ansible's host_list source reads it.
  if (!info && path.includes(',')) return loadHostList(path, builder);
  if (!info) throw new InventoryError({ file: path, line: 0, column: 0 }, undefined, 'inventory not found (give one with -i PATH)');
  if (info.isDirectory()) {
    const hostsBefore = builder.hosts.size;
    const skipped: string[] = [];
    const read = await loadDirectory(location, builder, vault, ignored, skipped);
    const why = skipped.length === 0 ? '' : `; skipped: ${skipped.map((file) => relative(location, file)).join(', ')}`;
    if (read === 0) throw new InventoryError({ file: path, line: 0, column: 0 }, undefined, `no inventory file in this directory (every file here is hidden or has an ignored ending such as .ini, .cfg, .md)${why}`);
    // A directory whose hosts are all in files it skips reads as an empty inventory: say which
    // files, and why, before a pattern then matches nothing.
    if (builder.hosts.size === hostsBefore && skipped.length > 0) {
      warnings.push(`${path}: no host in the ${read} file(s) read${why} (an ignored ending or inventory_ignore_patterns, as ansible-core skips them in an inventory directory; give such a file with -i, or rename it)`);
    }
  } else {
    await loadInventoryFile(location, builder, vault, info.mode);
  }
  // group_vars/ and host_vars/ beside each inventory given with -i (not beside files found in its subdirectories).
  await loadVarsDirs(info.isDirectory() ? location : dirname(location), builder, warnings, vault);
}

/**
 * Every file of an inventory directory and its subdirectories, in name order, except the ignored
 * ones: as ansible-core, where a `.ini` inside a directory is skipped and a file without an
 * extension is read. Returns how many files were read; adds the files it skipped to `skipped`.
 */
async function loadDirectory(dir: string, builder: InventoryBuilder, vault: readonly VaultSecret[], ignored: (name: string) => boolean, skipped: string[]): Promise<number> {
  let read = 0;
  for (const entry of (await readdir(dir)).sort(byteOrder)) {
    const full = join(dir, entry);
    if (ignored(entry)) {
      // Hidden files and the vars directories are not inventories; anything else skipped is said.
      if (!NOT_INVENTORIES.test(entry)) skipped.push(full);
      continue;
    }
    const info = await stat(full);
    if (info.isDirectory()) read += await loadDirectory(full, builder, vault, ignored, skipped);
    else {
      await loadInventoryFile(full, builder, vault, info.mode);
      read++;
    }
  }
  return read;
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function loadHostList(list: string, builder: InventoryBuilder): void {
  const at = { file: '-i', line: 1, column: 1 };
  for (const entry of list.split(',').map((e) => e.trim()).filter(Boolean)) {
    const withPort = /^\[([^\]]+)\]:(\d+)$|^([^:]+):(\d+)$/.exec(entry);
    const name = withPort ? (withPort[1] ?? withPort[3])! : entry.replace(/^\[(.*)\]$/, '$1');
    const host = builder.host(name, at);
    if (withPort) host.layers.push({ vars: { ansible_port: Number(withPort[2] ?? withPort[4]) }, connection: { port: Number(withPort[2] ?? withPort[4]) }, source: at, fromVars: true });
    builder.addHostToGroup('ungrouped', name);
  }
}

async function loadInventoryFile(file: string, builder: InventoryBuilder, vault: readonly VaultSecret[], mode?: number): Promise<void> {
  const at = { file, line: 1, column: 1 };
  // ansible-core runs an executable inventory file as a dynamic inventory script.
  if (mode !== undefined && (mode & 0o111) !== 0) throw new InventoryError(at, undefined, 'an executable inventory file is a dynamic inventory script for Ansible; corectl does not run inventory scripts: save its `--list` output as a .json file, or clear the executable bit');
  const extension = extname(file);
  if (extension === '.toml') throw new InventoryError(at, undefined, 'TOML inventories are not supported; write it as YAML or INI');
  const { text, encrypted } = await readVaultOrText(file, vault);
  // As Ansible's plugins take turns: .yml/.yaml/.json are YAML; a file without an extension is
  // YAML when it reads as a YAML mapping (a `hosts` file in YAML), INI otherwise; the rest INI.
  // Read once with Ansible's YAML 1.1 rules; a corectl inventory is read again with its own.
  const ansible = ['.yaml', '.yml', '.json', ''].includes(extension) ? tryAnsibleYaml(file, text, vault, extension === '') : undefined;
  if (!ansible) {
    if (encrypted) sensitive(text.split(/\s+/).flatMap((word) => word.split('=').slice(1)));
    loadAnsibleIniInventory(file, text, builder);
    return;
  }
  if (encrypted) sensitive(ansible.value);
  if (isCorectlInventory(ansible.value)) {
    const relativeTo = (p: string) => (isAbsolute(expandHome(p)) ? expandHome(p) : resolve(dirname(file), p));
    loadCorectlInventory(parseYamlSource(file, text), builder, relativeTo);
  } else if (ansible.value !== null) loadAnsibleYamlInventory(ansible, builder);
}

/** The file read as Ansible YAML; for a file without an extension, only when that gives a mapping. */
function tryAnsibleYaml(file: string, text: string, vault: readonly VaultSecret[], onlyIfMapping: boolean): YamlSource | undefined {
  if (!onlyIfMapping) return parseYamlSource(file, text, { ansible: vault });
  try {
    const source = parseYamlSource(file, text, { ansible: vault });
    const value = source.value;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? source : undefined;
  } catch {
    return undefined;
  }
}
