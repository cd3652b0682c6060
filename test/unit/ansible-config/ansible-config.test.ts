// Which ansible.cfg is read, what corectl takes from it, what it refuses, and what it says.
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findAnsibleConfig, loadAnsibleConfig } from '../../../src/ansible-config/ansible-config.ts';
import { authMethods } from '../../../src/connection/credentials.ts';

function site(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'corectl-cfg-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('ansible.cfg', () => {
  it('is found as ansible-core finds it: ANSIBLE_CONFIG (a file or a directory), ./ansible.cfg, ~/.ansible.cfg', () => {
    const dir = site({ 'ansible.cfg': '', 'conf/ansible.cfg': '', 'home/.ansible.cfg': '' });
    expect(findAnsibleConfig({ cwd: dir, env: {}, home: join(dir, 'home') }).file).toBe(join(dir, 'ansible.cfg'));
    expect(findAnsibleConfig({ cwd: dir, env: { ANSIBLE_CONFIG: 'conf' }, home: join(dir, 'home') }).file).toBe(join(dir, 'conf/ansible.cfg'));
    expect(findAnsibleConfig({ cwd: join(dir, 'home'), env: {}, home: join(dir, 'home') }).file).toBe(join(dir, 'home/.ansible.cfg'));
  });

  it('skips ./ansible.cfg in a world-writable directory, with a warning, as ansible-core does', () => {
    const dir = site({ 'open/ansible.cfg': '[defaults]\nremote_user = intruder\n' });
    chmodSync(join(dir, 'open'), 0o777);
    const found = findAnsibleConfig({ cwd: join(dir, 'open'), env: {}, home: dir });
    expect(found.file).toBeUndefined();
    expect(found.warnings[0]).toMatch(/open\/ansible\.cfg is ignored: .* is world-writable/);
  });

  it('takes the connection settings, says where each came from and what it did not use', () => {
    const dir = site({ 'ansible.cfg': '[defaults]\nremote_user = deploy\nprivate_key_file = keys/id\nforks = 7\nroles_path = ./roles\n[privilege_escalation]\nbecome = yes\nbecome_user = ops\n' });
    const config = loadAnsibleConfig({ cwd: dir, env: { ANSIBLE_FORKS: '9' }, home: dir });
    expect(config).toMatchObject({ remoteUser: 'deploy', privateKeyFile: join(dir, 'keys/id'), forks: 9, become: true, becomeUser: 'ops' });
    expect(config.used).toContain(`remote_user (${join(dir, 'ansible.cfg')}:2)`);
    expect(config.used).toContain('forks (ANSIBLE_FORKS)');
    expect(config.notUsed).toEqual(['[defaults] roles_path']);
  });

  it.each([
    ['[privilege_escalation]\nbecome_method = su\n', /ansible\.cfg:2: become_method = su is not supported/],
    ['[defaults]\nhash_behaviour = merge\n', /ansible\.cfg:2: hash_behaviour = merge is not supported/],
    ['[defaults]\ntransport = winrm\n', /ansible\.cfg:2: transport = winrm is not supported/],
    ['[defaults]\nforks = many\n', /ansible\.cfg:2: forks: expected a whole number, got "many"/],
    ['[defaults]\nhost_key_checking = maybe\n', /ansible\.cfg:2: host_key_checking: expected a boolean/],
    ['[ssh_connection]\nssh_args = -o ProxyCommand="ssh -W %h:%p b"\n', /ansible\.cfg:2: ssh_args: -o ProxyCommand is not followed by corectl/],
    ['remote_user = x\n', /ansible\.cfg:1: a setting before any \[section\] header/],
  ])('refuses %j with the file and line', (text, message) => {
    const dir = site({ 'ansible.cfg': text });
    expect(() => loadAnsibleConfig({ cwd: dir, env: {}, home: dir })).toThrow(message);
  });

  it('names the key file that cannot be read, resolved, and where it was set', async () => {
    await expect(authMethods('core', ['/nonexistent/keys/id_ed25519'], 'group_vars/all.yml:3')).rejects.toThrow('cannot read SSH private key /nonexistent/keys/id_ed25519: no such file (named at group_vars/all.yml:3)');
  });
});
