// `corectl init`: from nothing to a first check, as the README says — a new site, npm install
// (corectl comes by path), and `corectl check` type-checks and runs its first playbook, here on
// the controller itself; and an existing Ansible site brought in, read the same way as before.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CORECTL = resolve('bin/corectl.js');
const corectl = (args: string[], cwd: string) => spawnSync(process.execPath, [CORECTL, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });

describe('corectl init', () => {
  it('makes a site that installs and passes its first check', () => {
    const parent = mkdtempSync(join(tmpdir(), 'corectl-init-'));
    const made = corectl(['init', 'my-site'], parent);
    expect(made.status, made.stderr).toBe(0);
    expect(made.stdout).toContain('cd my-site && npm install');
    const site = join(parent, 'my-site');
    for (const file of ['package.json', 'tsconfig.json', '.gitignore', 'playbooks/site.ts', 'inventory/hosts.yaml']) expect(existsSync(join(site, file)), file).toBe(true);
    expect(JSON.parse(readFileSync(join(site, 'package.json'), 'utf8')).dependencies.corectl).toBe(`file:${resolve('.')}`);
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: site, stdio: 'ignore' });
    // The sample inventory's host is an example; the first check runs on the controller instead.
    writeFileSync(join(site, 'local.ini'), 'controller ansible_connection=local\n');
    const check = corectl(['check', 'playbooks/site.ts', '-i', 'local.ini'], site);
    expect(check.stdout + check.stderr).toMatch(/(1 of 1 host drifted: controller|No drift: 1 of 1 host matches the playbook)/);
    expect([0, 5]).toContain(check.status);
    // The sample inventory loads as it is.
    expect(corectl(['inventory', '--list-hosts', 'all'], site).stdout).toBe('  hosts (1):\n    web1.example.net\n');
  });

  it('brings an Ansible site in: the same hosts and vars as Ansible reads them there', () => {
    const parent = mkdtempSync(join(tmpdir(), 'corectl-init-ansible-'));
    const ansible = join(parent, 'ansible');
    mkdirSync(join(ansible, 'inventories/prod/group_vars'), { recursive: true });
    writeFileSync(join(ansible, 'ansible.cfg'), '[defaults]\ninventory = inventories/prod/hosts.ini\nremote_user = core\n');
    writeFileSync(join(ansible, 'inventories/prod/hosts.ini'), '[web]\nweb1 ansible_host=192.0.2.10\n');
    writeFileSync(join(ansible, 'inventories/prod/group_vars/web.yml'), 'tier: front\n');
    expect(corectl(['init', 'site', '--ansible', ansible], parent).status).toBe(0);
    const before = corectl(['inventory', '--list'], ansible).stdout;
    expect(before).toContain('"tier": "front"');
    expect(corectl(['inventory', '--list'], join(parent, 'site')).stdout).toBe(before);
    expect(existsSync(join(parent, 'site/ansible.cfg'))).toBe(true);
  });

  it('never writes into a directory that has files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'corectl-init-full-'));
    writeFileSync(join(dir, 'keep.txt'), 'mine\n');
    const result = corectl(['init', dir], tmpdir());
    expect(result.status).toBe(4);
    expect(result.stderr).toMatch(/exists and is not empty/);
    expect(readFileSync(join(dir, 'keep.txt'), 'utf8')).toBe('mine\n');
  });
});
