// x509 on real test hosts with their own openssl: keys made on the host that never cross the
// connection, certificates openssl verifies, idempotence, renewal that keeps the key, policy
// refusals, replacing another CA's certificate, truthful check mode, and the example playbook.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { x509 } from '../../modules/index.ts';
import { SshConnection } from '../../src/connection/ssh-connection.ts';
import type { ModuleCall } from '../../src/module-api/define-module.ts';
import { CertificateAuthority } from '../../src/pki/certificate-authority.ts';
import { caPaths } from '../../src/pki/ca-files.ts';
import { onHost, runPlaybookFile, runTasks, testCluster } from './helpers.ts';

const PASSPHRASE = 'integration test passphrase';

describe('x509 modules', () => {
  const cluster = testCluster();
  const node = cluster.hosts[1]!;
  const dir = mkdtempSync(join(tmpdir(), 'corectl-pki-'));
  const saved = { dir: process.env.CORECTL_PKI_DIR, passphrase: process.env.CORECTL_CA_PASSPHRASE };

  beforeAll(async () => {
    const make = (name: string) => CertificateAuthority.init({ dir, name, keyType: 'ec-p256', days: 365, subject: { CN: `${name} CA` }, permittedDns: [], permittedIps: [], passphrase: PASSPHRASE });
    await Promise.all(['etcd', 'http', 'other', 'strict'].map(make));
    writeFileSync(caPaths(dir, 'strict').policy, "names: ['**.lab.example']\nusages: [serverAuth]\nmaxLifetime: 30d\n");
    process.env.CORECTL_PKI_DIR = dir;
    process.env.CORECTL_CA_PASSPHRASE = PASSPHRASE;
  });
  afterAll(() => {
    for (const [key, value] of [['CORECTL_PKI_DIR', saved.dir], ['CORECTL_CA_PASSPHRASE', saved.passphrase]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  const cert = (base: string, options: Partial<{ ca: string; lifetime: string; renewBefore: string; cn: string }> = {}): ModuleCall => x509.certificate({
    ca: options.ca ?? 'etcd',
    key: { path: `/etc/${base}/peer.key` },
    cert: { path: `/etc/${base}/peer.crt` },
    chain: { path: `/etc/${base}/ca.crt` },
    subject: { CN: options.cn ?? node.name, O: 'etcd' },
    sans: { dns: [options.cn ?? node.name], ip: [node.address] },
    usages: ['serverAuth', 'clientAuth'],
    lifetime: options.lifetime ?? '30d',
    renewBefore: options.renewBefore ?? '7d',
  });
  const run = (call: ModuleCall, options: { check?: boolean } = {}) => runTasks(node.name, [['certificate', call]], options);
  const serialOf = async (path: string) => (await onHost(node.name, `openssl x509 -in ${path} -noout -serial`)).trim();
  const keySum = async (base: string) => (await onHost(node.name, `sha256sum /etc/${base}/peer.key`)).split(' ')[0];

  it('issues a certificate openssl verifies on the host; no private key material crosses the connection; a second run changes nothing', async () => {
    const traffic: string[] = [];
    const exec = SshConnection.prototype.exec;
    const spy = vi.spyOn(SshConnection.prototype, 'exec').mockImplementation(async function (this: SshConnection, command, options = {}) {
      traffic.push(command, String(options.stdin ?? ''));
      const result = await exec.call(this, command, options);
      traffic.push(result.stdout, result.stderr);
      return result;
    });
    let first, second;
    try {
      first = await run(cert('etcd-a'));
      second = await run(cert('etcd-a'));
    } finally {
      spy.mockRestore();
    }
    expect(first.finished[0]!.result).toMatchObject({ status: 'changed', message: expect.stringMatching(/^made an ec-p256 private key on the host; issued serial [0-9A-F]+ from CA etcd, valid until .*: the certificate is missing$/) });
    expect(second.finished[0]!.result).toMatchObject({ status: 'ok', changed: false, message: expect.stringMatching(/^valid until /) });
    expect(await onHost(node.name, 'openssl verify -CAfile /etc/etcd-a/ca.crt /etc/etcd-a/peer.crt')).toBe('/etc/etcd-a/peer.crt: OK\n');
    expect(await onHost(node.name, 'stat -c %a /etc/etcd-a/peer.key')).toBe('600\n');
    // The host's own openssl says the certificate is for the host's key.
    const pubs = await onHost(node.name, 'openssl pkey -in /etc/etcd-a/peer.key -pubout | sha256sum; openssl x509 -in /etc/etcd-a/peer.crt -noout -pubkey | sha256sum');
    expect(pubs.split('\n')[0]).toBe(pubs.split('\n')[1]);
    const keyPem = await onHost(node.name, 'cat /etc/etcd-a/peer.key');
    const keyLines = keyPem.split('\n').filter((line) => line && !line.startsWith('-----'));
    expect(keyLines.length).toBeGreaterThan(0);
    const seen = traffic.join('\n');
    expect(seen).not.toMatch(/PRIVATE KEY/);
    // base64 -w0 of the key's DER would contain each PEM line as a substring: neither form crossed.
    for (const line of keyLines) expect(seen).not.toContain(line);
    expect(seen).toContain('CERTIFICATE'); // the certificate did travel, so the recording saw the run
  });

  it('renews a certificate that expires within renewBefore, keeping the key', async () => {
    await run(cert('etcd-b', { lifetime: '1h', renewBefore: '30m' }));
    const key = await keySum('etcd-b');
    const serial = await serialOf('/etc/etcd-b/peer.crt');
    const stillValid = await run(cert('etcd-b', { lifetime: '1h', renewBefore: '30m' }));
    expect(stillValid.finished[0]!.result.changed).toBe(false);
    const renewed = await run(cert('etcd-b', { lifetime: '3h', renewBefore: '2h' }));
    expect(renewed.finished[0]!.result).toMatchObject({ status: 'changed', message: expect.stringMatching(/it expires in [\d.]+ hours \(renewBefore 2 hours\)/) });
    expect(await serialOf('/etc/etcd-b/peer.crt')).not.toBe(serial);
    expect(await keySum('etcd-b')).toBe(key);
  });

  it('refuses a certificate outside the CA policy before the host makes a key, naming host, subject and rule', async () => {
    for (const check of [true, false]) {
      const refused = await run(cert('strict-a', { ca: 'strict', cn: 'evil.example.com', lifetime: '14d' }), { check });
      expect(refused.finished[0]!.result).toMatchObject({
        status: 'failed',
        message: `${node.name}: the CSR for CN=evil.example.com, O=etcd is refused by CA strict: CN evil.example.com matches none of names [**.lab.example]`,
      });
      // Nothing was made on the host: no key, no directory, no certificate.
      expect(await onHost(node.name, 'test -e /etc/strict-a && echo present || echo absent')).toBe('absent\n');
    }
  });

  it('replaces a certificate signed by another CA, keeping the key', async () => {
    await run(cert('etcd-c', { ca: 'other' }));
    const key = await keySum('etcd-c');
    const replaced = await run(cert('etcd-c'));
    expect(replaced.finished[0]!.result).toMatchObject({ status: 'changed', message: expect.stringContaining('the certificate is not signed by CA etcd') });
    expect(await onHost(node.name, 'openssl verify -CAfile /etc/etcd-c/ca.crt /etc/etcd-c/peer.crt')).toBe('/etc/etcd-c/peer.crt: OK\n');
    expect(await keySum('etcd-c')).toBe(key);
  });

  it('check mode reports what it would do and why, needs no CA passphrase, and changes nothing', async () => {
    delete process.env.CORECTL_CA_PASSPHRASE;
    try {
      const issuedBefore = (await (await CertificateAuthority.open(dir, 'etcd')).issued()).length;
      const fresh = await run(cert('etcd-d'), { check: true });
      expect(fresh.finished[0]!.result).toMatchObject({ status: 'changed', message: 'would issue a certificate: the private key is missing' });
      expect(await onHost(node.name, 'ls /etc/etcd-d 2>&1 || :')).toMatch(/No such file/);
      const expiring = await run(cert('etcd-a', { lifetime: '90d', renewBefore: '60d' }), { check: true });
      expect(expiring.finished[0]!.result.message).toMatch(/^would issue a certificate: it expires in [\d.]+ days \(renewBefore 60 days\)$/);
      const inSync = await run(cert('etcd-a'), { check: true });
      expect(inSync.finished[0]!.result.changed).toBe(false);
      expect((await (await CertificateAuthority.open(dir, 'etcd')).issued()).length).toBe(issuedBefore);
    } finally {
      process.env.CORECTL_CA_PASSPHRASE = PASSPHRASE;
    }
  });

  it("caTrust puts the anchor where the host family's trust tool reads it, and checks that the system store then trusts the CA", async () => {
    await onHost(node.name, 'rm -f /usr/local/share/ca-certificates/corectl-other.crt /etc/pki/ca-trust/source/anchors/corectl-other.crt; update-ca-certificates --fresh >/dev/null 2>&1');
    await run(cert('trust-o', { ca: 'other' }));
    expect(await onHost(node.name, 'openssl verify /etc/trust-o/peer.crt 2>&1 || true')).toMatch(/unable to get local issuer certificate/);
    const check = await runTasks(node.name, [['trust', x509.caTrust({ ca: 'other' })]], { check: true });
    expect(check.statuses).toEqual(['trust: changed']);
    const trusted = await runTasks(node.name, [['trust', x509.caTrust({ ca: 'other' })]]);
    expect(trusted.finished[0]!.result).toMatchObject({ status: 'changed', message: expect.stringContaining('update-ca-certificates: trust store updated') });
    expect(await onHost(node.name, 'ls /usr/local/share/ca-certificates/; openssl verify /etc/trust-o/peer.crt')).toBe('corectl-other.crt\n/etc/trust-o/peer.crt: OK\n');
    expect((await runTasks(node.name, [['trust', x509.caTrust({ ca: 'other' })]])).statuses).toEqual(['trust: ok']);
    // Fedora's anchor directory on a Debian host: written, but no tool reads it. That is a failure, not a success.
    const misplaced = await runTasks(node.name, [['trust', x509.caTrust({ ca: 'strict', path: '/etc/pki/ca-trust/source/anchors/corectl-strict.crt' })]]);
    expect(misplaced.statuses[0]).toMatch(/^trust: failed \(the system trust store does not accept CA strict after update-ca-certificates/);
  });

  it('the example playbook issues etcd peer and web certificates, trusts both CAs, restarts on change, and converges', async () => {
    const first = await runPlaybookFile('playbooks/pki.ts');
    expect(first.finished.filter((e) => e.result.failed).map((e) => `${e.host} ${e.task}: ${e.result.message}`)).toEqual([]);
    const etcdHosts = cluster.hosts.slice(0, 3).map((h) => h.name).sort();
    expect(Object.keys(first.results('etcd peer certificate')).sort()).toEqual(etcdHosts);
    expect(Object.keys(first.results('restart etcd')).sort()).toEqual(etcdHosts);
    for (const host of etcdHosts) {
      // The system trust store itself (Debian's, on these hosts) accepts the certificates.
      expect(await onHost(host, 'openssl verify -purpose sslclient /etc/etcd/pki/peer.crt')).toContain('OK');
    }
    const web = cluster.hosts.at(-1)!.name;
    expect(await onHost(web, 'openssl verify -purpose sslserver /etc/pki/tls/certs/web.crt')).toContain('OK');
    const second = await runPlaybookFile('playbooks/pki.ts');
    expect(second.finished.filter((e) => e.result.changed).map((e) => `${e.host} ${e.task}`)).toEqual([]);
    expect(second.results('restart etcd')).toEqual({});
  });
});
