// Ansible Vault in inventories, interoperating with the real ansible-vault (ansible-core): inline
// `!vault` values (format 1.1 and 1.2 with a vault id) and vars files encrypted whole are opened
// with the passwords ansible-core would use, every value in them is masked, and a missing or wrong
// password is an error naming the file, before any host is touched.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { inventoryCommand } from '../../../src/cli/inventory-command.ts';
import { loadInventory } from '../../../src/inventory/load-inventory.ts';
import { resolveHost } from '../../../src/inventory/resolve-host.ts';
import { holdsSensitive, redactText } from '../../../src/secrets/sensitive-values.ts';
import { loadVaultSecrets } from '../../../src/secrets/vault-secrets.ts';

const vault = (args: string[], input?: string) => execFileSync('ansible-vault', args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });

function site() {
  const dir = mkdtempSync(join(tmpdir(), 'corectl-vault-'));
  writeFileSync(join(dir, 'pass'), 'correct horse\n');
  writeFileSync(join(dir, 'devpass'), 'dev battery\n');
  // An executable password file is run, as Ansible runs it.
  writeFileSync(join(dir, 'pass-script'), '#!/bin/sh\necho "correct horse"\n');
  chmodSync(join(dir, 'pass-script'), 0o755);
  mkdirSync(join(dir, 'group_vars'));
  writeFileSync(join(dir, 'hosts.ini'), '[web]\nweb1\n[db]\ndb1\n');
  const inline = vault(['encrypt_string', '--vault-password-file', join(dir, 'pass'), 'web-Secret-1', '--name', 'api_token']);
  const labelled = vault(['encrypt_string', '--vault-id', `dev@${join(dir, 'devpass')}`, 'dev-Secret-2', '--name', 'dev_token']);
  writeFileSync(join(dir, 'group_vars/web.yml'), `plain: visible\n${inline}\n${labelled}\n`);
  writeFileSync(join(dir, 'group_vars/db.yml'), 'db_password: db-Secret-3\ndb_port: 5432\n');
  vault(['encrypt', '--vault-password-file', join(dir, 'pass'), join(dir, 'group_vars/db.yml')]);
  return dir;
}

describe('Ansible Vault', () => {
  it('opens inline values (1.1 and 1.2 with a vault id) and whole files, and masks every value', async () => {
    const dir = site();
    const secrets = await loadVaultSecrets({ 'vault-password-file': [join(dir, 'pass')], 'vault-id': [`dev@${join(dir, 'devpass')}`] });
    const inventory = await loadInventory(join(dir, 'hosts.ini'), { vault: secrets });
    expect(resolveHost(inventory, 'web1').vars).toEqual({ plain: 'visible', api_token: 'web-Secret-1', dev_token: 'dev-Secret-2' });
    expect(resolveHost(inventory, 'db1').vars).toEqual({ db_password: 'db-Secret-3', db_port: 5432 });
    for (const secret of ['web-Secret-1', 'dev-Secret-2', 'db-Secret-3']) {
      expect(holdsSensitive(secret)).toBe(true);
      expect(redactText(`token=${secret}`)).toBe('token=********');
    }
    expect(holdsSensitive('visible')).toBe(false);
  });

  it('runs an executable password file, and takes ANSIBLE_VAULT_PASSWORD_FILE', async () => {
    const dir = site();
    for (const secrets of [await loadVaultSecrets({ 'vault-id': [`dev@${join(dir, 'devpass')}`, join(dir, 'pass-script')] }), await loadVaultSecrets({ 'vault-id': [`dev@${join(dir, 'devpass')}`] }, { ANSIBLE_VAULT_PASSWORD_FILE: join(dir, 'pass') })]) {
      const inventory = await loadInventory(join(dir, 'hosts.ini'), { vault: secrets });
      expect(resolveHost(inventory, 'db1').vars.db_password).toBe('db-Secret-3');
    }
  });

  it('without a password, or with a wrong one, refuses with the file and what to do', async () => {
    const dir = site();
    await expect(loadInventory(join(dir, 'hosts.ini'))).rejects.toThrow(/group_vars\/(db|web)\.yml:\d+:\d+: encrypted with Ansible Vault; give its password with --vault-password-file FILE/);
    const wrong = [{ password: 'wrong', source: 'wrong-file' }];
    await expect(loadInventory(join(dir, 'hosts.ini'), { vault: wrong })).rejects.toThrow(/group_vars\/(db|web)\.yml:\d+:\d+: no vault password given fits.*tried wrong-file/);
  });

  it('corectl inventory prints vault values masked', async () => {
    const dir = site();
    let printed = '';
    const out = new Writable({ write: (chunk, _encoding, done) => { printed += String(chunk); done(); } });
    await inventoryCommand(['-i', join(dir, 'hosts.ini'), '--vault-password-file', join(dir, 'pass'), '--vault-id', `dev@${join(dir, 'devpass')}`, '--list'], out);
    expect(printed).toContain('"plain": "visible"');
    expect(printed).not.toMatch(/Secret-[123]/);
    expect(printed).toContain('"db_password": "********"');
  });

  it('corectl secrets writes Vault that the real ansible-vault and ansible open (whole files, 1.1 and 1.2, and encrypt-string)', () => {
    const dir = site();
    const corectl = (args: string[], input?: string) => execFileSync(process.execPath, [resolve('bin/corectl.js'), 'secrets', ...args], { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
    writeFileSync(join(dir, 'group_vars/all.yml'), 'site_password: all-Secret-4\n');
    corectl(['encrypt', join(dir, 'group_vars/all.yml'), '--vault-password-file', join(dir, 'pass')]);
    expect(readFileSync(join(dir, 'group_vars/all.yml'), 'utf8')).toMatch(/^\$ANSIBLE_VAULT;1\.1;AES256\n[0-9a-f\n]+$/);
    expect(statSync(join(dir, 'group_vars/all.yml')).mode & 0o777).toBe(0o600);
    expect(vault(['view', '--vault-password-file', join(dir, 'pass'), join(dir, 'group_vars/all.yml')])).toBe('site_password: all-Secret-4\n');
    writeFileSync(join(dir, 'labelled.yml'), 'x: 1\n');
    corectl(['encrypt', join(dir, 'labelled.yml'), '--vault-id', `dev@${join(dir, 'devpass')}`]);
    expect(readFileSync(join(dir, 'labelled.yml'), 'utf8')).toMatch(/^\$ANSIBLE_VAULT;1\.2;AES256;dev\n/);
    expect(vault(['view', '--vault-id', `dev@${join(dir, 'devpass')}`, join(dir, 'labelled.yml')])).toBe('x: 1\n');
    // encrypt-string takes the value on stdin and prints a `!vault |` block Ansible reads as the var.
    const block = corectl(['encrypt-string', 'web_extra', '--vault-password-file', join(dir, 'pass')], 'string-Secret-5\n');
    expect(block).toMatch(/^web_extra: !vault \|\n {10}\$ANSIBLE_VAULT;1\.1;AES256\n/);
    expect(block).not.toContain('string-Secret-5');
    writeFileSync(join(dir, 'group_vars/web.yml'), `${readFileSync(join(dir, 'group_vars/web.yml'), 'utf8')}${block}`);
    const shown = execFileSync('ansible', ['web1', '-i', join(dir, 'hosts.ini'), '-c', 'local', '-m', 'debug', '-a', 'var=web_extra', '--vault-password-file', join(dir, 'pass'), '--vault-id', `dev@${join(dir, 'devpass')}`], { encoding: 'utf8', env: { ...process.env, ANSIBLE_NOCOLOR: '1' } });
    expect(shown).toContain('"web_extra": "string-Secret-5"');
    // And corectl reads back what it wrote.
    expect(corectl(['decrypt', join(dir, 'group_vars/all.yml'), '--vault-password-file', join(dir, 'pass')])).toBe('site_password: all-Secret-4\n');
  });
});
