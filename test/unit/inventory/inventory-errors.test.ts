import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InventoryError } from '../../../src/inventory/inventory-error.ts';
import { loadInventory } from '../../../src/inventory/load-inventory.ts';
import { parseSshConfig } from '../../../src/connection/ssh-config.ts';
import { targetFromInventory } from '../../../src/connection/target-from-inventory.ts';
import { applyConfigDefaults } from '../../../src/ansible-config/config-defaults.ts';
import { loadAnsibleConfig } from '../../../src/ansible-config/ansible-config.ts';
import { resolveHost } from '../../../src/inventory/resolve-host.ts';

async function errorFor(name: string, text: string, extra: Record<string, string> = {}): Promise<InventoryError> {
  const dir = mkdtempSync(join(tmpdir(), 'corectl-inv-'));
  writeFileSync(join(dir, name), text);
  for (const [path, content] of Object.entries(extra)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const error = await loadInventory(join(dir, name)).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(InventoryError);
  const inventoryError = error as InventoryError;
  expect(inventoryError.message.startsWith(join(dir, name)) || inventoryError.location.file.startsWith(dir)).toBe(true);
  return inventoryError;
}

describe('inventory errors name file, line, column and field', () => {
  it('unknown field, with the allowed ones', async () => {
    const e = await errorFor('hosts.yaml', 'hosts:\n  ns1:\n    adress: 198.51.100.1\n');
    expect(e.location).toMatchObject({ line: 3, column: 5 });
    expect(e.field).toBe('hosts.ns1.adress');
    expect(e.problem).toMatch(/unknown field \(allowed here: address, port, user/);
  });

  it('wrong type', async () => {
    const e = await errorFor('hosts.yaml', 'hosts:\n  ns1:\n    address: a\n    port: twenty-two\n');
    expect(e.location).toMatchObject({ line: 4, column: 11 });
    expect(e.field).toBe('hosts.ns1.port');
    expect(e.problem).toMatch(/number/);
  });

  it('bad YAML', async () => {
    const e = await errorFor('hosts.yaml', 'hosts:\n  ns1: {address: [\n');
    expect(e.problem).toMatch(/invalid YAML/);
    expect(e.location.line).toBeGreaterThanOrEqual(2);
  });

  it('duplicate host', async () => {
    const e = await errorFor('hosts.yaml', 'hosts:\n  ns1: {}\n  ns1: {port: 2}\n');
    expect(e.location.line).toBe(3);
    expect(e.problem).toMatch(/duplicate key/);
  });

  it('a group listing an undefined host', async () => {
    const e = await errorFor('hosts.yaml', 'hosts:\n  ns1: {}\ngroups:\n  dns:\n    hosts: [ns1, ns9]\n');
    expect(e.location).toMatchObject({ line: 5, column: 18 });
    expect(e.problem).toBe('host "ns9" is not defined under hosts:');
  });

  it('an undefined child group', async () => {
    const e = await errorFor('hosts.yaml', 'hosts:\n  ns1: {}\ngroups:\n  infra:\n    children:\n      - dns\n');
    expect(e.location).toMatchObject({ line: 6, column: 9 });
    expect(e.message).toMatch(/infra\.children: group "dns" is not defined/);
  });

  it('cyclic children', async () => {
    const e = await errorFor('hosts.ini', 'h1\n[a]\nh2\n[b]\nh3\n[a:children]\nb\n[b:children]\na\n');
    expect(e.problem).toMatch(/cycle: (a -> b -> a|b -> a -> b)/);
    expect(e.location.line).toBeGreaterThanOrEqual(7);
  });

  it('INI: unknown section type, bad port, bad range, missing key=value', async () => {
    expect((await errorFor('hosts.ini', 'h1\n[web:hostz]\n')).location.line).toBe(2);
    const port = await errorFor('hosts.ini', '[web]\nweb1 ansible_port=abc\n');
    expect(port.location.line).toBe(2);
    expect(port.problem).toMatch(/ansible_port: expected a port number/);
    expect((await errorFor('hosts.ini', '[web]\nweb[3:1]\n')).problem).toMatch(/ends before it starts/);
    expect((await errorFor('hosts.ini', '[web:vars]\njust words\n')).problem).toMatch(/expected key=value/);
  });

  it('a vars file with a wrong ansible_* value points into that file', async () => {
    const e = await errorFor('hosts.ini', '[web]\nweb1\n', { 'group_vars/web.yml': 'x: 1\nansible_become: maybe\n' });
    expect(e.location.file).toMatch(/group_vars\/web\.yml$/);
    expect(e.location.line).toBe(2);
    expect(e.field).toBe('ansible_become');
  });
});

describe('connection settings corectl cannot honour are refused, never ignored', () => {
  it.each([
    ['web1 ansible_connection=winrm', /ansible_connection: "winrm" is not supported; corectl connects over SSH, or runs on the controller with "local"/],
    ['web1 ansible_become_method=su', /ansible_become_method: "su" is not supported/],
    ["web1 ansible_ssh_common_args='-o ProxyCommand=\"ssh -W %h:%p bastion\"'", /-o ProxyCommand is not followed by corectl; use ProxyJump/],
    ["web1 ansible_ssh_common_args='-o StrictHostKeyChecking=maybe'", /-o StrictHostKeyChecking=maybe: expected yes, accept-new or no/],
    ["web1 ansible_ssh_common_args='-o ForwardAgent=yes'", /-o ForwardAgent is not followed by corectl; corectl does not forward the ssh-agent/],
    ["web1 ansible_ssh_extra_args='-L 8080:localhost:80'", /-L is not an option corectl knows how to follow/],
    ['web1 ansible_host_key_checking=maybe', /ansible_host_key_checking: expected a boolean, got "maybe"/],
  ])('%s', async (line, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'corectl-refused-'));
    writeFileSync(join(dir, 'hosts.ini'), `[web]\n${line}\n`);
    await expect(loadInventory(join(dir, 'hosts.ini'))).rejects.toThrow(new RegExp(`hosts\\.ini:2:1: .*${message.source}`));
  });
});

it('refuses an executable inventory file (a dynamic inventory script to Ansible) and a TOML one, naming them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'corectl-script-'));
  writeFileSync(join(dir, 'ec2.py'), '#!/bin/sh\necho {}\n', { mode: 0o755 });
  writeFileSync(join(dir, 'hosts.toml'), '[web.hosts.w1]\n');
  await expect(loadInventory(join(dir, 'ec2.py'))).rejects.toThrow(/ec2\.py:1:1: an executable inventory file is a dynamic inventory script for Ansible; corectl does not run inventory scripts/);
  await expect(loadInventory(dir)).rejects.toThrow(/ec2\.py:1:1: an executable inventory file/);
  await expect(loadInventory(join(dir, 'hosts.toml'))).rejects.toThrow(/hosts\.toml:1:1: TOML inventories are not supported/);
});

it('names the keys a YAML inventory group may have when it has another one', async () => {
  const error = await errorFor('hosts.yml', 'all:\n  children:\n    web:\n      hosts:\n        w1:\n      bogus: 1\n');
  expect(error.message).toMatch(/hosts\.yml:6:7: all\.children\.web\.bogus: unknown field \(allowed here: hosts, vars, children\)/);
});

describe('templates in connection vars are rendered with the host\'s vars, or refused where written', () => {
  it('renders {{ inventory_hostname }} and other vars, and refuses what it cannot render', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corectl-template-'));
    writeFileSync(join(dir, 'hosts.ini'), "[web]\nweb1 ansible_host='{{ inventory_hostname }}.lan' ansible_port='{{ base }}'\nweb2 ansible_host='{{ lookup(\"env\", \"H\") }}'\n[web:vars]\nbase=2200\n");
    const inventory = await loadInventory(join(dir, 'hosts.ini'));
    expect(resolveHost(inventory, 'web1').connection).toMatchObject({ address: 'web1.lan', port: 2200 });
    expect(() => resolveHost(inventory, 'web2')).toThrow(/hosts\.ini:3:1: ansible_host: .*lookup.* is beyond what corectl renders/);
  });
});

describe('an inventory directory whose hosts are all in files it skips', () => {
  it('says which files it skipped and why, where it would otherwise read as empty', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corectl-skipped-'));
    writeFileSync(join(dir, 'hosts.ini'), '[web]\nweb1\n');
    mkdirSync(join(dir, 'group_vars'));
    writeFileSync(join(dir, 'group_vars', 'all.yml'), 'x: 1\n');
    writeFileSync(join(dir, 'README.md'), '# notes\n');
    writeFileSync(join(dir, 'groups.yml'), 'all:\n  children:\n    web: {}\n');
    const loaded = await loadInventory(dir);
    expect(loaded.hosts.size).toBe(0);
    expect(loaded.warnings).toHaveLength(1);
    expect(loaded.warnings[0]).toContain(`${dir}: no host in the 1 file(s) read; skipped: README.md, hosts.ini`);
  });

  it('says nothing when the files it read have hosts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corectl-skipped-'));
    writeFileSync(join(dir, 'hosts.ini'), '[web]\nweb1\n');
    writeFileSync(join(dir, 'hosts.yml'), 'all:\n  hosts:\n    web2: {}\n');
    expect((await loadInventory(dir)).warnings).toEqual([]);
  });

  it('names the skipped files when it read none at all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corectl-skipped-'));
    writeFileSync(join(dir, 'hosts.ini'), '[web]\nweb1\n');
    await expect(loadInventory(dir)).rejects.toThrow(/no inventory file in this directory .*; skipped: hosts\.ini$/);
  });
});

describe('group_vars/NAME beside NAME.yml', () => {
  it('reads only the first of NAME, NAME.yml, NAME.yaml, NAME.json, as Ansible does, and says which it left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corectl-vars-'));
    writeFileSync(join(dir, 'hosts.ini'), '[web]\nweb1\n');
    mkdirSync(join(dir, 'group_vars', 'web'), { recursive: true });
    writeFileSync(join(dir, 'group_vars', 'web', 'main.yml'), 'a: directory\n');
    writeFileSync(join(dir, 'group_vars', 'web.yml'), 'a: yml\nb: yml\n');
    const loaded = await loadInventory(join(dir, 'hosts.ini'));
    expect(resolveHost(loaded, 'web1').vars).toMatchObject({ a: 'directory' });
    expect(resolveHost(loaded, 'web1').vars).not.toHaveProperty('b');
    expect(loaded.warnings).toEqual([`${join(dir, 'group_vars', 'web.yml')}: not read, as Ansible reads only ${join(dir, 'group_vars', 'web')} (the first of web, web.yml, web.yaml, web.json)`]);
  });
});

describe('host_vars/localhost without a localhost in the inventory', () => {
  // As ansible-playbook 2.14 shows on the same files: "x NONE fromall NONE []" (hv2, hv, gv, ungv, group_names).
  it("gives Ansible's implicit localhost its host_vars file (the first of localhost, .yml, ...) and group_vars/all, not ungrouped's", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corectl-localhost-'));
    writeFileSync(join(dir, 'hosts'), '[web]\nweb1 ansible_host=192.0.2.1\n');
    mkdirSync(join(dir, 'host_vars'));
    mkdirSync(join(dir, 'group_vars'));
    writeFileSync(join(dir, 'host_vars', 'localhost'), 'hv2: x\n');
    writeFileSync(join(dir, 'host_vars', 'localhost.yml'), 'hv: fromhostvars\n');
    writeFileSync(join(dir, 'group_vars', 'all.yml'), 'gv: fromall\n');
    writeFileSync(join(dir, 'group_vars', 'ungrouped.yml'), 'ungv: fromungrouped\n');
    const loaded = await loadInventory(join(dir, 'hosts'));
    const localhost = resolveHost(loaded, 'localhost');
    expect(localhost.vars).toEqual({ hv2: 'x', gv: 'fromall' });
    expect(localhost.groups).toEqual(['all']);
    expect(localhost.connection.connection).toBe('local');
    expect(loaded.hosts.has('localhost')).toBe(false);
    expect(loaded.warnings).toEqual([`${join(dir, 'host_vars', 'localhost.yml')}: not read, as Ansible reads only ${join(dir, 'host_vars', 'localhost')} (the first of localhost, localhost.yml, localhost.yaml, localhost.json)`]);
  });

  it('gives them to a localhost an inventory read later defines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corectl-localhost-'));
    mkdirSync(join(dir, 'a', 'host_vars'), { recursive: true });
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'a', 'hosts'), '[web]\nweb1\n');
    writeFileSync(join(dir, 'a', 'host_vars', 'localhost.yml'), 'hv: a\n');
    writeFileSync(join(dir, 'b', 'hosts'), '[local]\nlocalhost ansible_connection=local\n');
    const loaded = await loadInventory([join(dir, 'a', 'hosts'), join(dir, 'b', 'hosts')]);
    expect(resolveHost(loaded, 'localhost').vars).toMatchObject({ hv: 'a' });
  });
});

describe("a host's own host key settings (ssh args as Terraform templates write them)", () => {
  const inventoryWith = async (hostsIni: string, cfg?: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'corectl-hostkeys-'));
    writeFileSync(join(dir, 'hosts.ini'), hostsIni);
    const inventory = await loadInventory(join(dir, 'hosts.ini'));
    if (cfg !== undefined) {
      writeFileSync(join(dir, 'ansible.cfg'), cfg);
      applyConfigDefaults(inventory, loadAnsibleConfig({ cwd: dir, env: {} }));
    }
    return { dir, inventory };
  };

  it('loads the inventory and gives only those hosts their own policy and known_hosts file, naming the var that said so', async () => {
    const { dir, inventory } = await inventoryWith([
      '[tf]',
      "web1 ansible_ssh_common_args='-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null'",
      "web2 ansible_ssh_extra_args='-o StrictHostKeyChecking=accept-new -o UserKnownHostsFile=~/tf_known_hosts'",
      'web3 ansible_host_key_checking=false',
      'web4',
      '',
    ].join('\n'));
    const target = (host: string) => targetFromInventory(inventory, host, []);
    expect(target('web1').hostKeys).toEqual({ check: 'off', knownHostsFiles: ['/dev/null'], origin: `ansible_ssh_common_args (${join(dir, 'hosts.ini')}:2)` });
    expect(target('web2').hostKeys).toEqual({ check: 'accept-new', knownHostsFiles: [join(homedir(), 'tf_known_hosts')], origin: `ansible_ssh_extra_args (${join(dir, 'hosts.ini')}:3)` });
    expect(target('web3').hostKeys).toEqual({ check: 'off', origin: `ansible_host_key_checking (${join(dir, 'hosts.ini')}:4)` });
    expect(target('web4').hostKeys).toBeUndefined();
  });

  it("takes ~/.ssh/config's StrictHostKeyChecking and UserKnownHostsFile where the inventory says nothing, as ssh would", async () => {
    const { inventory } = await inventoryWith(['[tf]', "web1 ansible_ssh_common_args='-o StrictHostKeyChecking=accept-new'", 'web2', 'web3', ''].join('\n'));
    const config = parseSshConfig('Host web1 web2\n  StrictHostKeyChecking no\n  UserKnownHostsFile ~/tf_known_hosts\nHost web3\n  StrictHostKeyChecking ask\n');
    const target = (host: string) => targetFromInventory(inventory, host, config);
    // The inventory's own setting is ssh's command line: it wins, and the config fills in the rest.
    expect(target('web1').hostKeys).toMatchObject({ check: 'accept-new', knownHostsFiles: [join(homedir(), 'tf_known_hosts')] });
    expect(target('web2').hostKeys).toEqual({ check: 'off', knownHostsFiles: [join(homedir(), 'tf_known_hosts')], origin: 'your ssh config' });
    // `ask` is corectl's strict default: nothing of the host's own.
    expect(target('web3').hostKeys).toBeUndefined();
  });

  it('keeps the first value ssh is given: ansible.cfg ssh_args before a host\'s common args, which replace only ssh_common_args', async () => {
    const hosts = [
      '[web]',
      "web1 ansible_ssh_common_args='-o ProxyJump=jump-b -o StrictHostKeyChecking=no'",
      "web2 ansible_ssh_args='-o ProxyJump=jump-c'",
      'web3',
      "web4 ansible_ssh_common_args='-J jump-d' ansible_host_key_checking=true",
      '',
    ].join('\n');
    const { inventory } = await inventoryWith(hosts, '[ssh_connection]\nssh_args = -o ProxyJump=jump-a -o StrictHostKeyChecking=accept-new\nssh_common_args = -o ProxyJump=jump-e\n');
    const target = (host: string) => targetFromInventory(inventory, host, []);
    // ssh -o ProxyJump=jump-a -o StrictHostKeyChecking=accept-new ... -o ProxyJump=jump-b: ssh takes jump-a.
    expect(target('web1').jump?.name).toBe('jump-a');
    expect(target('web1').hostKeys).toBeUndefined();
    // ansible_ssh_args replaces ssh_args; ssh_common_args (jump-e) comes after it.
    expect(target('web2').jump?.name).toBe('jump-c');
    expect(target('web2').hostKeys).toBeUndefined();
    expect(target('web3').jump?.name).toBe('jump-a');
    // ssh_args' StrictHostKeyChecking comes before the -o StrictHostKeyChecking host_key_checking adds.
    expect(target('web4').jump?.name).toBe('jump-a');
    expect(target('web4').hostKeys).toBeUndefined();
    expect(resolveHost(inventory, 'web3').connectionOrigins.proxyJump?.file).toMatch(/ansible\.cfg$/);
  });
});
