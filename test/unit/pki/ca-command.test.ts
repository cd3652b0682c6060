// `corectl ca` as a user types it: init (root and intermediate), list, show, list --issued, and
// the errors for bad names, bad options and a broken policy file.
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caCommand } from '../../../src/cli/ca-command.ts';
import { UsageError } from '../../../src/errors/usage-error.ts';
import { CertificateAuthority } from '../../../src/pki/certificate-authority.ts';
import { caPaths } from '../../../src/pki/ca-files.ts';

const dir = mkdtempSync(join(tmpdir(), 'corectl-ca-cli-'));

async function ca(...argv: string[]): Promise<string> {
  let text = '';
  const out = new Writable({ write: (chunk, _encoding, done) => { text += String(chunk); done(); } });
  expect(await caCommand([...argv, '--dir', dir], out)).toBe(0);
  return text;
}

describe('corectl ca', () => {
  beforeAll(() => {
    process.env.CORECTL_CA_PASSPHRASE = 'a long enough passphrase';
  });
  afterAll(() => {
    delete process.env.CORECTL_CA_PASSPHRASE;
  });

  it('creates roots and an intermediate, lists and shows them', async () => {
    expect(await ca('init', 'http', '--key', 'rsa-3072', '--permit-dns', 'lab.example', '--org', 'Lab')).toContain(`CA http created in ${join(dir, 'http')}`);
    expect(await ca('init', 'etcd', '--path-length', '1', '--days', '3650')).toContain('runs read the passphrase from CORECTL_CA_PASSPHRASE_ETCD');
    expect(await ca('init', 'etcd-issuing', '--parent', 'etcd', '--days', '365')).toContain('signed by etcd');
    expect(statSync(caPaths(dir, 'http').key).mode & 0o777).toBe(0o600);
    const listing = (await ca('list')).split('\n');
    expect(listing[0]).toMatch(/^CA\s+KEY\s+NOT AFTER\s+PARENT\s+ISSUED\s+SUBJECT$/);
    expect(listing.slice(1, 4).map((line) => line.split(/\s+/).slice(0, 2))).toEqual([['etcd', 'ec-p256'], ['etcd-issuing', 'ec-p256'], ['http', 'rsa-3072']]);
    expect(listing[2]).toMatch(/\setcd\s+0\s+CN=etcd-issuing CA$/);
    const shown = await ca('show', 'http');
    expect(shown).toMatch(/permitted\s+lab\.example/);
    expect(shown).toMatch(/policy\s+names \[lab\.example, \*\*\.lab\.example\]/);
    expect(shown).toContain('-----BEGIN CERTIFICATE-----');
  });

  it('lists issued certificates, the newest per host and subject, and what expires soon', async () => {
    expect(await ca('list', '--issued')).toBe('no certificates issued yet\n');
    const record = (serial: string, host: string, days: number, issuedAt: string) =>
      JSON.stringify({ serial, host, subject: `CN=${host}`, dns: [host], ip: [], usages: ['serverAuth'], notBefore: issuedAt, notAfter: new Date(Date.now() + days * 86_400_000).toISOString(), issuedAt });
    writeFileSync(caPaths(dir, 'etcd').issued, [record('AA', 'node1', 80, '2026-01-01T00:00:00Z'), record('BB', 'node1', 5, '2026-02-01T00:00:00Z'), record('CC', 'node2', 60, '2026-01-15T00:00:00Z')].join('\n') + '\n');
    const current = await ca('list', '--issued');
    expect(current).toMatch(/node1 .*expires in 5d\s+BB/);
    expect(current).toMatch(/node2 .*\d+d left\s+CC/);
    expect(current).not.toContain('AA');
    expect(await ca('list', '--issued', '--all')).toContain('AA');
    const soon = await ca('list', '--issued', '--expiring', '10');
    expect(soon).toContain('BB');
    expect(soon).not.toContain('CC');
  });

  it('refuses bad names, options and duplicates, and names the file, line and field of a broken policy', async () => {
    await expect(caCommand(['init', 'Web', '--dir', dir])).rejects.toThrow(new UsageError('CA name "Web": a CA name: lower-case letters, digits, - and _'));
    await expect(caCommand(['init', 'web', '--key', 'dsa', '--dir', dir])).rejects.toThrow(/--key must be one of ec-p256, ec-p384, rsa-2048, rsa-3072, rsa-4096/);
    await expect(caCommand(['init', 'web', '--days', 'ten', '--dir', dir])).rejects.toThrow('--days must be a whole number, not "ten"');
    await expect(caCommand(['init', 'http', '--dir', dir])).rejects.toThrow(/CA http already exists/);
    await expect(caCommand(['show', 'nope', '--dir', dir])).rejects.toThrow(/no CA named nope in .* \(create it with: corectl ca init nope\)/);
    writeFileSync(caPaths(dir, 'http').policy, 'names: [a.example]\nusages: [serverAuth, sshAuth]\n');
    await expect(CertificateAuthority.open(dir, 'http')).rejects.toThrow(`${caPaths(dir, 'http').policy}:2:22: usages.1: Invalid option: expected one of "serverAuth"|"clientAuth"|"codeSigning"|"emailProtection"`);
  });
});
