// Inventories compared with real ansible-core: for every case, each host's merged vars as
// `ansible-inventory --list` gives them, and the hosts of every group.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../../src/inventory/load-inventory.ts';
import { containsHost, resolveHost } from '../../../src/inventory/resolve-host.ts';
import { BROKEN_INVENTORY_CASES, INVENTORY_CASES, type InventoryCase } from './inventory-cases.ts';

interface AnsibleList {
  _meta: { hostvars: Record<string, Record<string, unknown>> };
  [group: string]: { hosts?: string[]; children?: string[] } | AnsibleList['_meta'];
}

/** The case's files in a new directory; what -i names there. */
function materialise(c: InventoryCase): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'corectl-inventory-'));
  for (const [path, text] of Object.entries(c.files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return (typeof c.main === 'string' ? [c.main] : c.main).map((main) => (main.includes(',') ? main : join(dir, main)));
}

function ansibleInventory(paths: string[]): AnsibleList {
  const env = { ...process.env, ANSIBLE_INVENTORY_UNPARSED_FAILED: 'true', ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'false' };
  return JSON.parse(execFileSync('ansible-inventory', [...paths.flatMap((p) => ['-i', p]), '--list'], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] })) as AnsibleList;
}

/** Every host of a group in ansible-inventory's output, through its children. */
function hostsOf(list: AnsibleList, group: string): string[] {
  const entry = list[group] as { hosts?: string[]; children?: string[] } | undefined;
  return [...new Set([...(entry?.hosts ?? []), ...(entry?.children ?? []).flatMap((child) => hostsOf(list, child))])].sort();
}

describe('inventories as ansible-core reads them', () => {
  it.each(INVENTORY_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const paths = materialise(c);
    const expected = ansibleInventory(paths);
    const inventory = await loadInventory(paths);
    // ansible-inventory leaves hosts without vars out of _meta.hostvars: every group's hosts count.
    const hosts = [...new Set([...Object.keys(expected._meta.hostvars), ...hostsOf(expected, 'all'), ...hostsOf(expected, 'ungrouped')])].sort();
    expect([...inventory.hosts.keys()].sort()).toEqual(hosts);
    for (const host of hosts) {
      expect({ host, vars: resolveHost(inventory, host).vars }).toEqual({ host, vars: expected._meta.hostvars[host] ?? {} });
    }
    for (const group of Object.keys(expected).filter((g) => g !== '_meta' && g !== 'all' && g !== 'ungrouped')) {
      const ours = inventory.groups.get(group);
      expect(ours, `group ${group}`).toBeDefined();
      expect({ group, hosts: hosts.filter((h) => containsHost(inventory, ours!, h)) }).toEqual({ group, hosts: hostsOf(expected, group) });
    }
  });

  it.each(BROKEN_INVENTORY_CASES.map((c) => [c.name, c] as const))('refused by both: %s', async (_name, c) => {
    const paths = materialise(c);
    expect(() => ansibleInventory(paths)).toThrow();
    await expect(loadInventory(paths)).rejects.toThrow(c.error);
  });
});
