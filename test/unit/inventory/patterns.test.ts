import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../../src/inventory/load-inventory.ts';
import { PatternError, selectHosts } from '../../../src/inventory/patterns.ts';

describe('host patterns', async () => {
  const inventory = await loadInventory(resolve('test/fixtures/inventories/corectl/hosts.yaml'));
  const select = (pattern: string, limit?: string) => selectHosts(inventory, pattern, limit);

  it.each([
    ['all', ['bastion', 'ns1', 'ns2', 'etcd1']],
    ['*', ['bastion', 'ns1', 'ns2', 'etcd1']],
    ['dns', ['ns1', 'ns2']],
    ['infra', ['ns1', 'ns2', 'etcd1']],
    ['ns2', ['ns2']],
    ['ns*', ['ns1', 'ns2']],
    ['~^(ns1|etcd1)$', ['ns1', 'etcd1']],
    ['etcd1:dns', ['etcd1', 'ns1', 'ns2']],
    ['dns,bastion', ['ns1', 'ns2', 'bastion']],
    ['infra:!etcd', ['ns1', 'ns2']],
    ['infra:&etcd', ['etcd1']],
    ['all:!infra:&ungrouped', ['bastion']],
    ['e*', ['etcd1']],
  ])('%s selects %j, in the order Ansible gives (terms in order)', (pattern, expected) => {
    expect(select(pattern)).toEqual(expected);
  });

  it('intersects with --limit', () => {
    expect(select('all', 'dns:!ns1')).toEqual(['ns2']);
  });

  it('refuses a term that matches nothing, listing the groups', () => {
    expect(() => select('dsn')).toThrow(PatternError);
    expect(() => select('dsn')).toThrow(/^"dsn" matches no host or group in the inventory; did you mean dns or ns1 or ns2\? \(groups: all, dns, etcd, infra\)$/);
  });
});
