// Host keys made before the host exists: a key sshd can use in the config, and a known_hosts file
// that names each host once with it, keeping every other line (with a warning for a wildcard line
// that also matches, whose key would make the new one look changed).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KnownHosts } from '../../../src/connection/known-hosts.ts';
import { hostKeyFragment, makeHostKey, recordHostKeys } from '../../../src/ignition/host-keys.ts';

const dir = mkdtempSync(join(tmpdir(), 'corectl-host-keys-'));
const decode = (source: string) => Buffer.from(source.replace(/^data:;base64,/, ''), 'base64').toString('utf8');
const blob = (publicKey: string) => Buffer.from(publicKey.split(' ')[1]!, 'base64');

describe('host keys made by corectl ignition', () => {
  it('puts a private key sshd can read in the config (root, 0600) with its public half', () => {
    const key = makeHostKey('ns1.example.net');
    const [priv, pub] = hostKeyFragment(key).storage!.files!;
    expect(priv).toMatchObject({ path: '/etc/ssh/ssh_host_ed25519_key', mode: 0o600, user: { name: 'root' }, group: { name: 'root' } });
    expect(pub).toMatchObject({ path: '/etc/ssh/ssh_host_ed25519_key.pub', mode: 0o644 });
    const file = join(dir, 'ssh_host_ed25519_key');
    writeFileSync(file, decode(priv!.contents!.source), { mode: 0o600 });
    // ssh-keygen derives the public key from the private one: the file is a valid OpenSSH key.
    expect(execFileSync('ssh-keygen', ['-y', '-f', file], { encoding: 'utf8' }).trim()).toBe(key.publicKey);
    expect(decode(pub!.contents!.source)).toBe(`${key.publicKey}\n`);
    expect(key.publicKey).toMatch(/ root@ns1\.example\.net$/);
  });

  it('records each key under the names corectl looks up, replacing only the lines that named those hosts', async () => {
    const file = join(dir, 'known_hosts');
    const hashed = execFileSync('sh', ['-c', `printf '203.0.113.10 ssh-ed25519 ${makeHostKey('old').publicKey.split(' ')[1]}\\n' > ${dir}/h && ssh-keygen -H -f ${dir}/h >/dev/null 2>&1 && cat ${dir}/h`], { encoding: 'utf8' }).trim();
    const other = `203.0.113.99 ${makeHostKey('other').publicKey.split(' ').slice(0, 2).join(' ')}`;
    const wildcard = `*.example.net ${makeHostKey('wild').publicKey.split(' ').slice(0, 2).join(' ')}`;
    writeFileSync(file, `# site hosts\n${other}\nns1.example.net,203.0.113.10 ${makeHostKey('stale').publicKey.split(' ').slice(0, 2).join(' ')}\n${hashed}\n${wildcard}\n`);
    const ns1 = makeHostKey('ns1.example.net');
    const ns2 = makeHostKey('ns2.example.net');
    const warnings = await recordHostKeys(file, [
      { names: ['203.0.113.10', 'ns1.example.net'], key: ns1 },
      { names: ['[203.0.113.11]:2222', 'ns2.example.net'], key: ns2 },
    ]);
    expect(warnings).toEqual([expect.stringMatching(/known_hosts:5 \(\*\.example\.net\) also matches ns1\.example\.net, ns2\.example\.net/)]);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toEqual(['# site hosts', other, wildcard, `203.0.113.10,ns1.example.net ${ns1.publicKey.split(' ').slice(0, 2).join(' ')}`, `[203.0.113.11]:2222,ns2.example.net ${ns2.publicKey.split(' ').slice(0, 2).join(' ')}`]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const known = await KnownHosts.load([file]);
    expect(known.verify('203.0.113.10', blob(ns1.publicKey)).kind).toBe('known');
    expect(known.verify('[203.0.113.11]:2222', blob(ns2.publicKey)).kind).toBe('known');
    expect(known.verify('203.0.113.99', blob(other.split(' ').slice(1).join(' '))).kind).toBe('known');
  });
});
