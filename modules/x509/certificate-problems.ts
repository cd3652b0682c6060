// Why a host's certificate must be (re)issued, decided on the controller from what the host
// reported: its public key and its current certificate (both public). The same code decides in
// check mode and in a real run, so check mode tells the truth.
import { createPublicKey, X509Certificate } from 'node:crypto';
import { formatDuration, formatName, ipBytes, usageName, type CertificateAuthority, type DistinguishedName, type SubjectAltNames } from 'corectl/pki';

export interface DesiredCertificate {
  subject: DistinguishedName;
  sans: SubjectAltNames;
  usages: string[];
  renewBeforeMs: number;
}

export interface HostCertificate {
  /** The host key's SubjectPublicKeyInfo; undefined when there is no key (yet). */
  publicKey?: Buffer;
  /** The certificate file's DER; undefined when missing, empty when unreadable. */
  certificate?: Buffer;
}

/** Every reason to issue a new certificate; empty when the current one is right. */
export function certificateProblems(host: HostCertificate, desired: DesiredCertificate, ca: CertificateAuthority, now = Date.now()): string[] {
  if (!host.publicKey) return ['the private key is missing'];
  if (host.certificate === undefined) return ['the certificate is missing'];
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(host.certificate);
  } catch {
    return ['the certificate file is not a readable certificate'];
  }
  const problems: string[] = [];
  const certKey = cert.publicKey.export({ type: 'spki', format: 'der' });
  if (!certKey.equals(createPublicKey({ key: host.publicKey, format: 'der', type: 'spki' }).export({ type: 'spki', format: 'der' }))) {
    problems.push('the certificate is for another key');
  }
  if (!cert.checkIssued(ca.certificate) || !cert.verify(ca.certificate.publicKey)) problems.push(`the certificate is not signed by CA ${ca.name}`);
  const subject = formatName(subjectOf(cert));
  if (subject !== formatName(desired.subject)) problems.push(`the subject is ${subject}, wanted ${formatName(desired.subject)}`);
  const names = sansOf(cert);
  if (namesKey(names) !== namesKey(desired.sans)) problems.push(`the names are [${describeNames(names)}], wanted [${describeNames(desired.sans)}]`);
  const usages = (cert.keyUsage ?? []).map(usageName).sort().join(', ');
  if (usages !== [...desired.usages].sort().join(', ')) problems.push(`the usages are [${usages}], wanted [${[...desired.usages].sort().join(', ')}]`);
  const left = new Date(cert.validTo).getTime() - now;
  if (left <= 0) problems.push(`it expired on ${new Date(cert.validTo).toISOString()}`);
  else if (left <= desired.renewBeforeMs) problems.push(`it expires in ${formatDuration(left)} (renewBefore ${formatDuration(desired.renewBeforeMs)})`);
  return problems;
}

/** One line for diffs and messages: subject, names, expiry. */
export function describeCertificate(der: Buffer | undefined): string {
  if (der === undefined) return '(none)';
  try {
    const cert = new X509Certificate(der);
    return `${formatName(subjectOf(cert))} [${describeNames(sansOf(cert))}] serial ${cert.serialNumber} until ${new Date(cert.validTo).toISOString()} from ${cert.issuer.replace(/\n/g, ', ')}`;
  } catch {
    return '(unreadable)';
  }
}

function subjectOf(cert: X509Certificate): Partial<DistinguishedName> {
  const subject: Record<string, string> = {};
  for (const line of cert.subject.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) subject[line.slice(0, at)] = line.slice(at + 1);
  }
  return subject;
}

function sansOf(cert: X509Certificate): SubjectAltNames {
  const sans: SubjectAltNames = { dns: [], ip: [] };
  for (const entry of (cert.subjectAltName ?? '').split(', ')) {
    if (entry.startsWith('DNS:')) sans.dns.push(entry.slice(4));
    else if (entry.startsWith('IP Address:')) sans.ip.push(entry.slice(11));
  }
  return sans;
}

function describeNames(sans: SubjectAltNames): string {
  return [...sans.dns.map((name) => `DNS:${name}`), ...sans.ip.map((ip) => `IP:${ip}`)].join(', ');
}

/** Names compared as a set, IP addresses by their bytes: order and spelling (::1, 0:0::1) never count. */
function namesKey(sans: SubjectAltNames): string {
  return [...sans.dns.map((name) => `DNS:${name.toLowerCase()}`), ...sans.ip.map((ip) => `IP:${ipBytes(ip).toString('hex')}`)].sort().join(',');
}
