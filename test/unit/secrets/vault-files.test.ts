// `corectl secrets encrypt|decrypt` with Ansible Vault on any file, byte for byte, as ansible-vault
// does: a binary file round-trips (decrypting onto the vault file itself loses nothing), the
// password comes from where ansible-vault finds it (ANSIBLE_VAULT_PASSWORD_FILE, ansible.cfg), and
// an executable password file named without a slash is run from the current directory.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CORECTL = resolve('bin/corectl.js');
// Every byte value, and a sequence that is not UTF-8.
const BINARY = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from([0xc3, 0x28, 0xff, 0xfe])]);

function site(): string {
  const dir = mkdtempSync(join(tmpdir(), 'corectl-vault-files-'));
  writeFileSync(join(dir, 'pw.txt'), 'correct horse\n');
  return dir;
}

function corectl(args: string[], cwd: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [CORECTL, 'secrets', ...args], { cwd, env: { PATH: process.env.PATH, HOME: cwd, ...env } });
}

describe('Ansible Vault files of any bytes', () => {
  it('encrypts a binary file and decrypts it back onto itself, byte for byte', () => {
    const dir = site();
    writeFileSync(join(dir, 'blob'), BINARY);
    const encrypted = corectl(['encrypt', 'blob', '--vault-password-file', 'pw.txt'], dir);
    expect(encrypted.status, encrypted.stderr.toString()).toBe(0);
    expect(readFileSync(join(dir, 'blob'), 'latin1')).toMatch(/^\$ANSIBLE_VAULT;1\.1;AES256\n/);
    // ansible-vault reads what corectl wrote ...
    const ansible = spawnSync('ansible-vault', ['decrypt', '--vault-password-file', 'pw.txt', '--output', '-', 'blob'], { cwd: dir, env: { PATH: process.env.PATH, HOME: dir } });
    expect(ansible.status, ansible.stderr.toString()).toBe(0);
    expect(ansible.stdout.equals(BINARY)).toBe(true);
    // ... and corectl gives back the same bytes, here over the vault file itself.
    const decrypted = corectl(['decrypt', 'blob', '--vault-password-file', 'pw.txt', '-o', 'blob'], dir);
    expect(decrypted.status, decrypted.stderr.toString()).toBe(0);
    expect(readFileSync(join(dir, 'blob')).equals(BINARY)).toBe(true);
  });

  it('decrypts what ansible-vault encrypted, to stdout, with the password where ansible-vault finds it', () => {
    const dir = site();
    writeFileSync(join(dir, 'blob'), BINARY);
    expect(spawnSync('ansible-vault', ['encrypt', '--vault-password-file', 'pw.txt', 'blob'], { cwd: dir, env: { PATH: process.env.PATH, HOME: dir } }).status).toBe(0);
    const fromEnv = corectl(['decrypt', 'blob'], dir, { ANSIBLE_VAULT_PASSWORD_FILE: join(dir, 'pw.txt') });
    expect(fromEnv.status, fromEnv.stderr.toString()).toBe(0);
    expect(fromEnv.stdout.equals(BINARY)).toBe(true);
    writeFileSync(join(dir, 'ansible.cfg'), '[defaults]\nvault_password_file = pw.txt\n');
    const fromConfig = corectl(['decrypt', 'blob'], dir);
    expect(fromConfig.status, fromConfig.stderr.toString()).toBe(0);
    expect(fromConfig.stdout.equals(BINARY)).toBe(true);
  });

  it('runs an executable password file named without a slash from the current directory', () => {
    const dir = site();
    writeFileSync(join(dir, 'pass.sh'), '#!/bin/sh\necho "correct horse"\n');
    chmodSync(join(dir, 'pass.sh'), 0o755);
    writeFileSync(join(dir, 'text.yml'), 'token: abc\n');
    const encrypted = corectl(['encrypt', 'text.yml', '--vault-password-file', 'pass.sh'], dir);
    expect(encrypted.status, encrypted.stderr.toString()).toBe(0);
    const decrypted = corectl(['decrypt', 'text.yml', '--vault-password-file', 'pw.txt'], dir);
    expect(decrypted.stdout.toString()).toBe('token: abc\n');
  });

  it("refuses a file that is not YAML for corectl's own age format, with a hint at Vault", () => {
    const dir = site();
    writeFileSync(join(dir, 'blob'), BINARY);
    writeFileSync(join(dir, 'key.txt'), 'AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ\n');
    const refused = corectl(['encrypt', 'blob', '-r', 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p'], dir);
    expect(refused.status).toBe(4);
    expect(refused.stderr.toString()).toMatch(/hint: corectl's secrets files are YAML mappings of values; .* --vault-password-file FILE/);
    expect(readFileSync(join(dir, 'blob')).equals(BINARY)).toBe(true);
  });
});
