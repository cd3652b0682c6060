// Inventories compared with real ansible-core: for every case, each host's merged vars as
// `ansible-inventory --list` gives them, and the hosts of every group.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CORECTL = resolve('bin/corectl.js');
import { loadAnsibleConfig } from '../../../src/ansible-config/ansible-config.ts';
import { inventoryPaths } from '../../../src/cli/connection-options.ts';
import { loadInventory } from '../../../src/inventory/load-inventory.ts';
import { decryptVault, type VaultSecret } from '../../../src/secrets/ansible-vault.ts';
import { loadVaultSecrets } from '../../../src/secrets/vault-secrets.ts';
import { ansibleConnections, caseEnv, corectlConnections } from './effective-connections.ts';
import { containsHost, resolveHost } from '../../../src/inventory/resolve-host.ts';
import { BROKEN_INVENTORY_CASES, INVENTORY_CASES, type InventoryCase } from './inventory-cases.ts';

interface AnsibleList {
  _meta: { hostvars: Record<string, Record<string, unknown>> };
  [group: string]: { hosts?: string[]; children?: string[] } | AnsibleList['_meta'];
}

/** The case's files in a new directory (HOME and working directory of both sides); what -i names there. */
function materialise(c: InventoryCase): { dir: string; paths: string[]; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), 'corectl-inventory-'));
  for (const [path, text] of Object.entries(c.files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text, { mode: c.executable?.includes(path) ? 0o755 : 0o644 });
  }
  const paths = (typeof c.main === 'string' ? [c.main] : c.main).map((main) => (main.includes(',') ? main : join(dir, main)));
  return { dir, paths, env: caseEnv(dir, c.env) };
}

function ansibleInventory({ dir, paths, env }: ReturnType<typeof materialise>): AnsibleList {
  const withEnv = { ...env, ANSIBLE_INVENTORY_UNPARSED_FAILED: 'true', ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'false' };
  return JSON.parse(execFileSync('ansible-inventory', [...paths.flatMap((p) => ['-i', p]), '--list'], { cwd: dir, encoding: 'utf8', env: withEnv, stdio: ['ignore', 'pipe', 'pipe'] })) as AnsibleList;
}

/** Every host of a group in ansible-inventory's output, through its children. */
function hostsOf(list: AnsibleList, group: string): string[] {
  const entry = list[group] as { hosts?: string[]; children?: string[] } | undefined;
  return [...new Set([...(entry?.hosts ?? []), ...(entry?.children ?? []).flatMap((child) => hostsOf(list, child))])].sort();
}

function openVaults(value: unknown, vault: VaultSecret[]): unknown {
  if (Array.isArray(value)) return value.map((v) => openVaults(v, vault));
  if (!value || typeof value !== 'object') return value;
  const cipher = (value as { __ansible_vault?: string }).__ansible_vault;
  if (cipher !== undefined) return decryptVault(cipher, vault, 'ansible-inventory output');
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, openVaults(v, vault)]));
}

describe('inventories as ansible-core reads them', () => {
  it.each(INVENTORY_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const site = materialise(c);
    const expected = ansibleInventory(site);
    const config = loadAnsibleConfig({ cwd: site.dir, env: site.env, home: site.dir });
    const vault = await loadVaultSecrets({}, site.env, { files: config.vaultPasswordFiles, ids: config.vaultIds });
    const inventory = await loadInventory(inventoryPaths({ inventory: site.paths }, config), { vault, ignoreExtensions: config.inventoryIgnoreExtensions, ignorePatterns: config.inventoryIgnorePatterns });
    // ansible-inventory leaves hosts without vars out of _meta.hostvars: every group's hosts count.
    const hosts = [...new Set([...Object.keys(expected._meta.hostvars), ...hostsOf(expected, 'all'), ...hostsOf(expected, 'ungrouped')])].sort();
    expect([...inventory.hosts.keys()].sort()).toEqual(hosts);
    for (const host of hosts) {
      // ansible-inventory prints inline !vault values still encrypted: compared opened.
      expect({ host, vars: resolveHost(inventory, host).vars }).toEqual({ host, vars: openVaults(expected._meta.hostvars[host] ?? {}, vault) });
    }
    for (const group of Object.keys(expected).filter((g) => g !== '_meta' && g !== 'all' && g !== 'ungrouped')) {
      const ours = inventory.groups.get(group);
      expect(ours, `group ${group}`).toBeDefined();
      expect({ group, hosts: hosts.filter((h) => containsHost(inventory, ours!, h)) }).toEqual({ group, hosts: hostsOf(expected, group) });
    }
    // How each host is reached: address, port, user, key, jump host, become, host key checking.
    expect(await corectlConnections(site.dir, site.paths, site.env)).toEqual(ansibleConnections(site.dir, site.paths, site.env));
  });

  // The commands themselves, run as a user runs them (from the site's directory), print the same text.
  const printable = INVENTORY_CASES.filter((c) => !Object.values(c.files).some((text) => text.includes('$ANSIBLE_VAULT')));
  it.each(printable.map((c) => [c.name, c] as const))('corectl inventory --list, --graph and --host print what ansible-inventory prints: %s', (_name, c) => {
    const site = materialise(c);
    const args = site.paths.flatMap((p) => ['-i', p]);
    const theirs = (extra: string[]) => execFileSync('ansible-inventory', [...args, ...extra], { cwd: site.dir, encoding: 'utf8', env: { ...site.env, ANSIBLE_LOCALHOST_WARNING: 'false' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const ours = (extra: string[]) => execFileSync(process.execPath, [CORECTL, 'inventory', ...args, ...extra], { cwd: site.dir, encoding: 'utf8', env: site.env, stdio: ['ignore', 'pipe', 'pipe'] });
    // Deliberate: a float with a whole value prints as 1000, not 1000.0 (JavaScript has one number type).
    const wholeFloats = (text: string) => text.replace(/^(\s+"[^"]*": -?\d+)\.0(,?)$/gm, '$1$2');
    expect(ours(['--list'])).toBe(wholeFloats(theirs(['--list'])));
    const host = Object.keys((JSON.parse(theirs(['--list'])) as AnsibleList)._meta.hostvars).sort().at(-1);
    expect(ours(['--graph'])).toBe(theirs(['--graph']));
    if (host) expect(ours(['--host', host])).toBe(wholeFloats(theirs(['--host', host])));
  });

  it.each(BROKEN_INVENTORY_CASES.map((c) => [c.name, c] as const))('refused by both: %s', async (_name, c) => {
    const site = materialise(c);
    expect(() => ansibleInventory(site)).toThrow();
    await expect(loadInventory(site.paths)).rejects.toThrow(c.error);
  });
});
