import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHostKey } from '../../../src/connection/host-key-check.ts';
import { fingerprint, KnownHosts, knownHostsName } from '../../../src/connection/known-hosts.ts';

function newKey(dir: string, name: string, type = 'ed25519'): { line: string; blob: Buffer } {
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', join(dir, name)]);
  const line = readFileSync(join(dir, `${name}.pub`), 'utf8').trim().split(' ').slice(0, 2).join(' ');
  return { line, blob: Buffer.from(line.split(' ')[1]!, 'base64') };
}

describe('known_hosts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'corectl-kh-'));
  const a = newKey(dir, 'a');
  const b = newKey(dir, 'b');
  const rsa = newKey(dir, 'r', 'rsa');

  it('names hosts on other ports [host]:port, as OpenSSH does', () => {
    expect(knownHostsName('10.0.0.1', 22)).toBe('10.0.0.1');
    expect(knownHostsName('db1', 2222)).toBe('[db1]:2222');
  });

  it('matches entries hashed by the real ssh-keygen -H', async () => {
    const file = join(dir, 'hashed');
    writeFileSync(file, `ns1.example.net ${a.line}\n[ns2.example.net]:2222 ${b.line}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    expect(readFileSync(file, 'utf8')).not.toContain('example.net');
    const known = await KnownHosts.load([file]);
    expect(known.verify('ns1.example.net', a.blob).kind).toBe('known');
    expect(known.verify('[ns2.example.net]:2222', b.blob).kind).toBe('known');
    expect(known.verify('ns2.example.net', b.blob).kind).toBe('unknown');
  });

  it('reports a changed key with the file and line that records the old one', async () => {
    const file = join(dir, 'plain');
    writeFileSync(file, `# comment\nweb1,192.0.2.7 ${a.line}\n`);
    const known = await KnownHosts.load([file]);
    const verdict = known.verify('192.0.2.7', b.blob);
    expect(verdict).toMatchObject({ kind: 'changed', entries: [{ file, line: 2 }] });
    await expect(checkHostKey('web1', '192.0.2.7', b.blob, { knownHosts: known, hostKeyCheck: 'accept-new', warn: () => {} })).rejects.toThrow(
      new RegExp(`HOST KEY CHANGED for web1.*${fingerprint(b.blob).replace(/[+/]/g, '.')}.*${file}:2`),
    );
  });

  it('treats a host known only by another key type as changed, not new', async () => {
    const file = join(dir, 'types');
    writeFileSync(file, `web1 ${rsa.line}\n`);
    const known = await KnownHosts.load([file]);
    expect(known.verify('web1', a.blob).kind).toBe('changed');
    expect(known.keyTypesFor('web1')).toEqual(['ssh-rsa']);
  });

  it('honours wildcards, negation and @revoked', async () => {
    const file = join(dir, 'patterns');
    writeFileSync(file, `*.lab.example,!evil.lab.example ${a.line}\n@revoked * ${b.line}\n`);
    const known = await KnownHosts.load([file]);
    expect(known.verify('ns1.lab.example', a.blob).kind).toBe('known');
    expect(known.verify('evil.lab.example', a.blob).kind).toBe('unknown');
    expect(known.verify('ns1.lab.example', b.blob).kind).toBe('revoked');
  });

  it('refuses unknown hosts in strict mode and records them with accept-new', async () => {
    const file = join(dir, 'new');
    const known = await KnownHosts.load([file]);
    const warnings: string[] = [];
    const settings = { knownHosts: known, warn: (m: string) => warnings.push(m) };
    await expect(checkHostKey('web2', '[web2]:2200', a.blob, { ...settings, hostKeyCheck: 'strict' })).rejects.toThrow(/not in known_hosts/);
    await checkHostKey('web2', '[web2]:2200', a.blob, { ...settings, hostKeyCheck: 'accept-new' });
    expect(readFileSync(file, 'utf8')).toBe(`[web2]:2200 ${a.line}\n`);
    expect(warnings[0]).toMatch(/recorded new host key for web2/);
    const reloaded = await KnownHosts.load([file]);
    expect(reloaded.verify('[web2]:2200', a.blob).kind).toBe('known');
    await expect(checkHostKey('web2', '[web2]:2200', b.blob, { ...settings, knownHosts: reloaded, hostKeyCheck: 'accept-new' })).rejects.toThrow(/HOST KEY CHANGED/);
  });
});
