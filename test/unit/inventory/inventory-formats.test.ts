import { join, resolve } from 'node:path';
import { homedir, userInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { targetFromInventory } from '../../../src/connection/target-from-inventory.ts';
import { loadInventory } from '../../../src/inventory/load-inventory.ts';
import { resolveHost } from '../../../src/inventory/resolve-host.ts';

const FIXTURES = resolve('test/fixtures/inventories');

describe('Ansible INI inventory with group_vars and host_vars', async () => {
  const inventory = await loadInventory(join(FIXTURES, 'ansible-ini/hosts.ini'));

  it('expands ranges, reads host:port and puts loose hosts in ungrouped', () => {
    expect([...inventory.hosts.keys()]).toEqual([
      'bastion.example.net', 'ns1.example.net', 'ns2.example.net', 'ns3.example.net',
      'ntp01.example.net', 'ntp02.example.net', 'ntp03.example.net',
    ]);
    expect(inventory.groups.get('ungrouped')!.hosts).toEqual(['bastion.example.net']);
    expect(inventory.groups.get('coreos')!.children).toEqual(['dns', 'chrony']);
  });

  it('reads inline host values as literals and :vars values as strings', () => {
    const ns3 = resolveHost(inventory, 'ns3.example.net');
    expect(ns3.vars).toMatchObject({ zone_serial: 2024010101, motd: 'hello world', ansible_become: 'yes', ansible_user: 'core' });
    expect(ns3.connection).toMatchObject({ port: 2222, become: true, user: 'core' });
  });

  it('applies precedence: all < parent < child group, inventory < group_vars files, host last', () => {
    const ns1 = resolveHost(inventory, 'ns1.example.net');
    expect(ns1.groups).toEqual(['all', 'coreos', 'dns']);
    expect(ns1.vars).toMatchObject({ site: 'lab-from-group-vars', ntp_pool: 'dns-pool', zone: 'ns1-zone', dns_forwarders: ['9.9.9.9'] });
    expect(ns1.connection).toMatchObject({ port: 2200, user: 'core', proxyJump: 'bastion.example.net' });
    expect(resolveHost(inventory, 'ns2.example.net').vars.zone).toBe('example.net.override');
    expect(resolveHost(inventory, 'ntp02.example.net').vars.ntp_pool).toBe('pool.ntp.org');
  });

  it('maps ansible_* variables onto the connection, and a ProxyJump in ssh args as ssh reads it (not the inventory host)', () => {
    const sshConfig: never[] = [];
    const ntp = targetFromInventory(inventory, 'ntp01.example.net', sshConfig);
    expect(ntp).toMatchObject({
      address: 'ntp01.example.net',
      user: 'core',
      identityFiles: [`${homedir()}/.ssh/ntp_key`],
      // ssh resolves the jump host itself, as your own user: the inventory's ansible_host and ansible_user for it play no part.
      jump: { name: 'bastion.example.net', address: 'bastion.example.net', user: userInfo().username, port: 22 },
    });
  });
});

describe('corectl YAML inventory', async () => {
  const dir = join(FIXTURES, 'corectl');
  const inventory = await loadInventory(join(dir, 'hosts.yaml'));

  it('reads defaults, hosts, groups and children', () => {
    expect(inventory.settings).toEqual({ hostKeyCheck: 'accept-new', knownHosts: [join(dir, 'known_hosts')] });
    expect(resolveHost(inventory, 'ns1').groups).toEqual(['all', 'infra', 'dns']);
    expect(resolveHost(inventory, 'etcd1').connection).toEqual({ user: 'core', identityFile: join(dir, 'keys/id_ed25519'), address: '198.51.100.20', port: 2222, become: true });
  });

  it('lets the host beat its groups and the child group beat its parent', () => {
    expect(resolveHost(inventory, 'ns1').vars).toMatchObject({ role: 'primary', zone: 'example.net', tier: 'infra', ntp_servers: ['time1.example.net', 'time2.example.net'] });
    expect(resolveHost(inventory, 'ns2').vars.role).toBe('secondary');
    expect(resolveHost(inventory, 'etcd1').vars.zone).toBe('infra.example.net');
  });

  it('resolves a jump host named in the inventory into a chain', () => {
    expect(targetFromInventory(inventory, 'ns2', [])).toMatchObject({
      name: 'ns2', address: '198.51.100.11', user: 'core',
      jump: { name: 'bastion', address: '203.0.113.5', user: 'ops', identityFiles: [join(dir, 'keys/id_ed25519')] },
    });
  });
});

describe('Ansible YAML inventory', async () => {
  const inventory = await loadInventory(join(FIXTURES, 'ansible-yaml/inventory.yml'));

  it('reads nested children, ranges and vars, coercing a quoted port', () => {
    expect([...inventory.hosts.keys()]).toEqual(['lonely.example.net', 'web1.example.net', 'web2.example.net', 'web3.example.net', 'db1.example.net', 'db2.example.net']);
    expect(resolveHost(inventory, 'web2.example.net').vars).toMatchObject({ http_port: 8080, tier: 'frontend' });
    expect(resolveHost(inventory, 'db1.example.net').connection).toEqual({ user: 'core', address: '198.51.100.30', port: 2201 });
    expect(resolveHost(inventory, 'db2.example.net').groups).toEqual(['all', 'db', 'db_replicas']);
    expect(inventory.groups.get('ungrouped')!.hosts).toEqual(['lonely.example.net']);
  });
});
