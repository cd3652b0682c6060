// The controller-side CA against openssl as the independent judge: what `ca init` makes, what it
// signs, that serials are unique, that the key is encrypted at rest, and that CSRs are checked.
import { execFileSync } from 'node:child_process';
import { createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaError, CertificateAuthority } from '../../../src/pki/certificate-authority.ts';
import { caPaths } from '../../../src/pki/ca-files.ts';
import { CsrError, parseCsr } from '../../../src/pki/csr.ts';
import { PolicyError } from '../../../src/pki/signing-policy.ts';

const DAY = 86_400_000;
const work = mkdtempSync(join(tmpdir(), 'corectl-ca-'));
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** A key and CSR made the way the x509 module makes them on a host. */
function hostCsr(name: string, options: { key?: string[]; san?: string; usages?: string } = {}): { csr: string; key: string } {
  const key = join(work, `${name}.key`);
  openssl('genpkey', ...(options.key ?? ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']), '-out', key);
  const csr = openssl('req', '-new', '-key', key, '-subj', `/CN=${name}`, '-addext', `subjectAltName=${options.san ?? `DNS:${name}`}`, '-addext', `extendedKeyUsage=${options.usages ?? 'serverAuth'}`);
  return { csr, key };
}

function text(pem: string): string {
  const file = join(work, `cert-${Math.random()}.pem`);
  writeFileSync(file, pem);
  return openssl('x509', '-in', file, '-noout', '-text');
}

describe('certificate authority', () => {
  let root: CertificateAuthority;
  const passphrase = 'correct horse battery staple';

  beforeAll(async () => {
    root = await CertificateAuthority.init({
      dir: work, name: 'root', keyType: 'ec-p256', days: 3650, subject: { CN: 'Lab Root CA', O: 'lab' },
      pathLength: 1, permittedDns: ['lab.example'], permittedIps: ['192.0.2.0/24'], passphrase,
    });
    await root.signingKey(passphrase);
  });

  it('makes a self-signed root with CA:true, keyCertSign/cRLSign, path length and name constraints', () => {
    const details = text(readFileSync(caPaths(work, 'root').cert, 'utf8'));
    expect(details).toMatch(/Basic Constraints: critical\s+CA:TRUE, pathlen:1/);
    expect(details).toMatch(/Key Usage: critical\s+Certificate Sign, CRL Sign/);
    expect(details).toMatch(/Name Constraints: critical\s+Permitted:\s+DNS:lab\.example\s+IP:192\.0\.2\.0\/255\.255\.255\.0/);
    expect(details).toContain('Subject: O = lab, CN = Lab Root CA');
    expect(details).toContain('ecdsa-with-SHA256');
    expect(openssl('verify', '-CAfile', caPaths(work, 'root').cert, caPaths(work, 'root').cert)).toContain('OK');
  });

  it('keeps the key encrypted, mode 0600, and opens it only with the right passphrase', async () => {
    const paths = caPaths(work, 'root');
    expect(statSync(paths.key).mode & 0o777).toBe(0o600);
    expect(readFileSync(paths.key, 'utf8')).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    const reopened = await CertificateAuthority.open(work, 'root');
    await expect(reopened.signingKey('wrong')).rejects.toThrow(/cannot decrypt its key: wrong passphrase/);
    await expect(reopened.signingKey(undefined)).rejects.toThrow(/set CORECTL_CA_PASSPHRASE_ROOT/);
    const key = await reopened.signingKey(passphrase);
    expect(createPublicKey(key).export({ type: 'spki', format: 'der' })).toEqual(reopened.publicKeyDer());
  });

  it('signs a host CSR into a certificate openssl verifies, with the SANs and usages asked for', async () => {
    const { csr } = hostCsr('etcd-1.lab.example', { san: 'DNS:etcd-1.lab.example,IP:192.0.2.10', usages: 'serverAuth,clientAuth' });
    const { pem, record } = await root.sign('etcd-1', parseCsr(csr), 90 * DAY);
    writeFileSync(join(work, 'etcd-1.crt'), pem);
    expect(openssl('verify', '-CAfile', caPaths(work, 'root').cert, 'etcd-1.crt')).toContain('etcd-1.crt: OK');
    const details = text(pem);
    expect(details).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
    expect(details).toMatch(/Key Usage: critical\s+Digital Signature\n/);
    expect(details).toMatch(/Extended Key Usage:\s+TLS Web Server Authentication, TLS Web Client Authentication/);
    expect(details).toMatch(/Subject Alternative Name:\s+DNS:etcd-1\.lab\.example, IP Address:192\.0\.2\.10/);
    const cert = new X509Certificate(pem);
    expect(cert.checkIssued(root.certificate)).toBe(true);
    expect(new Date(cert.validTo).getTime() - Date.now()).toBeGreaterThan(89 * DAY);
    expect(record).toMatchObject({ host: 'etcd-1', subject: 'CN=etcd-1.lab.example', dns: ['etcd-1.lab.example'], ip: ['192.0.2.10'], serial: cert.serialNumber.toUpperCase() });
    expect((await root.issued()).map((r) => r.serial)).toContain(record.serial);
  });

  it('gives every certificate its own serial', async () => {
    const { csr } = hostCsr('web.lab.example');
    const request = parseCsr(csr);
    const serials = await Promise.all(Array.from({ length: 20 }, async () => (await root.sign('web', request, DAY)).record.serial));
    expect(new Set(serials).size).toBe(20);
  });

  it('signs RSA keys too, adding keyEncipherment', async () => {
    const { csr } = hostCsr('rsa.lab.example', { key: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'] });
    const { pem } = await root.sign('rsa', parseCsr(csr), DAY);
    expect(text(pem)).toMatch(/Key Usage: critical\s+Digital Signature, Key Encipherment/);
  });

  it('makes an intermediate CA whose certificates verify through the chain', async () => {
    const intermediate = await CertificateAuthority.init({
      dir: work, name: 'issuing', keyType: 'rsa-3072', days: 365, subject: { CN: 'Lab Issuing CA' },
      pathLength: 0, permittedDns: [], permittedIps: [], passphrase: 'another', parent: root,
    });
    await intermediate.signingKey('another');
    expect(intermediate.certificate.checkIssued(root.certificate)).toBe(true);
    expect(intermediate.chainPem.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    const { csr } = hostCsr('api.lab.example');
    const { pem } = await intermediate.sign('api', parseCsr(csr), DAY);
    writeFileSync(join(work, 'api.crt'), pem);
    writeFileSync(join(work, 'issuing-chain.crt'), intermediate.chainPem);
    expect(openssl('verify', '-CAfile', caPaths(work, 'root').cert, '-untrusted', caPaths(work, 'issuing').cert, 'api.crt')).toContain('OK');
    // Path length 0: this CA may not make another CA.
    await expect(CertificateAuthority.init({
      dir: work, name: 'deeper', keyType: 'ec-p256', days: 30, subject: { CN: 'x' }, permittedDns: [], permittedIps: [], passphrase: 'x', parent: intermediate,
    })).rejects.toBeInstanceOf(CaError);
  });

  it('refuses CSRs outside the policy, naming host, CSR and rule', async () => {
    const outside = parseCsr(hostCsr('evil.example.com').csr);
    await expect(root.sign('web-3', outside, DAY)).rejects.toThrow(new PolicyError('web-3: the CSR for CN=evil.example.com is refused by CA root: CN evil.example.com matches none of names [lab.example, **.lab.example]'));
    const badIp = parseCsr(hostCsr('db.lab.example', { san: 'DNS:db.lab.example,IP:198.51.100.7' }).csr);
    await expect(root.sign('db', badIp, DAY)).rejects.toThrow(/IP address 198\.51\.100\.7 is in none of ipRanges \[192\.0\.2\.0\/24\]/);
    const codeSigning = parseCsr(hostCsr('ci.lab.example', { usages: 'codeSigning' }).csr);
    await expect(root.sign('ci', codeSigning, DAY)).rejects.toThrow(/usage codeSigning is not in usages \[serverAuth, clientAuth\]/);
    const fine = parseCsr(hostCsr('long.lab.example').csr);
    await expect(root.sign('long', fine, 400 * DAY)).rejects.toThrow(/a lifetime of 400 days exceeds maxLifetime 398 days/);
  });

  it('rejects a CSR whose signature was not made with the key it carries', () => {
    const { csr } = hostCsr('tampered.lab.example');
    const der = Buffer.from(csr.replace(/-----[^-]+-----/g, '').replace(/\s/g, ''), 'base64');
    der[der.length - 5]! ^= 0x01;
    const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    expect(() => parseCsr(tampered)).toThrow(CsrError);
    expect(() => parseCsr('hello')).toThrow(/not a PEM certificate signing request/);
  });
});
