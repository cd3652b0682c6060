// The renewal decision of x509.certificate, from what a host reports (its public key and current
// certificate): every reason to issue, and none when the certificate is right.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { certificateProblems } from '../../../modules/x509/certificate-problems.ts';
import { CertificateAuthority } from '../../../src/pki/certificate-authority.ts';
import { fromPem } from '../../../src/pki/der.ts';
import { parseCsr } from '../../../src/pki/csr.ts';

const DAY = 86_400_000;
const work = mkdtempSync(join(tmpdir(), 'corectl-problems-'));
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('x509 certificate problems', () => {
  let ca: CertificateAuthority;
  let other: CertificateAuthority;
  let publicKey: Buffer;
  let otherKey: Buffer;
  const desired = { subject: { CN: 'node1' }, sans: { dns: ['node1'], ip: ['192.0.2.1'] }, usages: ['serverAuth', 'clientAuth'], renewBeforeMs: 30 * DAY };

  const csrFor = (key: string, subject = '/CN=node1', san = 'DNS:node1,IP:192.0.2.1', usages = 'serverAuth,clientAuth') =>
    parseCsr(openssl('req', '-new', '-key', key, '-subj', subject, '-addext', `subjectAltName=${san}`, '-addext', `extendedKeyUsage=${usages}`));
  const issue = async (by: CertificateAuthority, csr = csrFor('host.key'), lifetime = 90 * DAY) => fromPem('CERTIFICATE', (await by.sign('node1', csr, lifetime)).pem)!;

  beforeAll(async () => {
    const make = (name: string) => CertificateAuthority.init({ dir: work, name, keyType: 'ec-p256', days: 365, subject: { CN: name }, permittedDns: [], permittedIps: [], passphrase: 'passphrase' });
    [ca, other] = await Promise.all([make('site'), make('other')]);
    await Promise.all([ca.signingKey('passphrase'), other.signingKey('passphrase')]);
    openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'host.key');
    openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'other.key');
    publicKey = csrFor('host.key').publicKey;
    otherKey = csrFor('other.key').publicKey;
  });

  it('asks for nothing when the certificate is right, whatever the order and spelling of its names', async () => {
    const certificate = await issue(ca, csrFor('host.key', '/CN=node1', 'IP:192.0.2.1,DNS:NODE1'));
    expect(certificateProblems({ publicKey, certificate }, desired, ca)).toEqual([]);
  });

  it('names a missing key, a missing or unreadable certificate', () => {
    expect(certificateProblems({}, desired, ca)).toEqual(['the private key is missing']);
    expect(certificateProblems({ publicKey }, desired, ca)).toEqual(['the certificate is missing']);
    expect(certificateProblems({ publicKey, certificate: Buffer.alloc(0) }, desired, ca)).toEqual(['the certificate file is not a readable certificate']);
  });

  it('names every difference at once', async () => {
    const certificate = await issue(other, csrFor('other.key', '/CN=node9', 'DNS:node9', 'serverAuth'), 10 * DAY);
    expect(certificateProblems({ publicKey, certificate }, desired, ca)).toEqual([
      'the certificate is for another key',
      'the certificate is not signed by CA site',
      'the subject is CN=node9, wanted CN=node1',
      'the names are [DNS:node9], wanted [DNS:node1, IP:192.0.2.1]',
      'the usages are [serverAuth], wanted [clientAuth, serverAuth]',
      expect.stringMatching(/^it expires in [\d.]+ days \(renewBefore 30 days\)$/),
    ]);
  });

  it('says when the certificate has expired', async () => {
    const certificate = await issue(ca);
    expect(certificateProblems({ publicKey, certificate }, desired, ca, Date.now() + 100 * DAY)).toEqual([expect.stringMatching(/^it expired on /)]);
  });

  it('treats a foreign key as a foreign key even when everything else matches', async () => {
    const certificate = await issue(ca);
    expect(certificateProblems({ publicKey: otherKey, certificate }, desired, ca)).toEqual(['the certificate is for another key']);
  });
});

describe('x509.certificate options', () => {
  it('refuses a renewBefore that is not shorter than the lifetime: such a certificate would be renewed on every run', async () => {
    const { x509 } = await import('../../../modules/index.ts');
    const options = { ca: 'site', key: { path: '/etc/a.key' }, cert: { path: '/etc/a.crt' }, subject: { CN: 'a' } };
    const schema = x509.certificate(options).definition.schema;
    const refused = schema.safeParse({ ...options, lifetime: '30d' });
    expect(refused.success).toBe(false);
    expect(refused.error!.issues[0]).toMatchObject({ path: ['renewBefore'], message: expect.stringMatching(/must be shorter than lifetime/) });
    expect(schema.safeParse({ ...options, lifetime: '30d', renewBefore: '10d' }).success).toBe(true);
  });
});
