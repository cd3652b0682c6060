// x509.certificate: a private key made on the host that never leaves it, and a certificate for it
// signed by a controller-side CA. Step 1 (host): make the key if missing, report the public key and
// the current certificate, and make a CSR. Controller: decide whether the certificate is right; if
// not, check the CSR against the CA's policy and sign it. Step 2 (host): install the certificate
// (and chain) atomically, after checking the key is still the one the CSR was made with.
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { z } from 'zod';
import { absolutePathSchema, defineModule, modeSchema, accountNameSchema, contentHash, shellScript, type ModuleOutput } from 'corectl/module';
import { caNameSchema, durationSchema, EXTENDED_USAGE_NAMES, fromPem, KEY_TYPES, openCa, opensslSubject, parseCsr, toPem, type KeyType } from 'corectl/pki';
import { certificateProblems, describeCertificate } from './certificate-problems.ts';
import inspect from './certificate-inspect.sh';
import install from './certificate-install.sh';

const dnsNameSchema = z.string().regex(/^(\*\.)?([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?\.)*[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/, 'a DNS name');
const subjectValue = z.string().min(1).max(64).refine((v) => !/[\0\n\r]/.test(v), 'must not contain NUL or line breaks');

// openssl genpkey's arguments for each key type a CA or a host key can have.
const KEY_ALGORITHMS: Record<KeyType, readonly string[]> = {
  'ec-p256': ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  'ec-p384': ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'],
  'rsa-2048': ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
  'rsa-3072': ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:3072'],
  'rsa-4096': ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:4096'],
};

const schema = z.strictObject({
  /** The CA (in the PKI directory, see `corectl ca list`) that signs this certificate. */
  ca: caNameSchema,
  key: z.strictObject({
    path: absolutePathSchema,
    type: z.enum(KEY_TYPES).default('ec-p256'),
  }),
  cert: z.strictObject({ path: absolutePathSchema }),
  /** The issuing CA's chain (the CA and its parents), for services that want it in a file. */
  chain: z.strictObject({ path: absolutePathSchema }).optional(),
  subject: z.strictObject({ CN: subjectValue, O: subjectValue.optional(), OU: subjectValue.optional(), L: subjectValue.optional(), ST: subjectValue.optional(), C: z.string().regex(/^[A-Z]{2}$/).optional() }),
  sans: z.strictObject({ dns: z.array(dnsNameSchema).default([]), ip: z.array(z.string().refine((ip) => isIP(ip) !== 0, 'an IP address')).default([]) }).default({ dns: [], ip: [] }),
  usages: z.array(z.enum(EXTENDED_USAGE_NAMES)).min(1).default(['serverAuth']),
  /** How long a new certificate is valid. @example '90d' */
  lifetime: durationSchema.default(90 * 86_400_000),
  /** Renew when the certificate expires within this. @example '30d' */
  renewBefore: durationSchema.default(30 * 86_400_000),
  owner: accountNameSchema.optional(),
  group: accountNameSchema.optional(),
  /** Mode of the private key (the certificate and chain are 0644). */
  mode: modeSchema.default('600'),
}).refine((o) => o.renewBefore < o.lifetime, { path: ['renewBefore'], message: 'must be shorter than lifetime: a certificate due for renewal when it is issued is renewed on every run' });
type Options = z.output<typeof schema>;

/** @example x509.certificate({ ca: 'etcd', key: { path: '/etc/etcd/peer.key' }, cert: { path: '/etc/etcd/peer.crt' }, subject: { CN: 'etcd-1' }, sans: { dns: ['etcd-1.lab'] }, usages: ['serverAuth', 'clientAuth'] }) */
export const certificate = defineModule({
  name: 'x509.certificate',
  ansible: 'community.crypto.openssl_privatekey, openssl_csr and x509_certificate (ownca) in one',
  schema,
  describe: (o) => `${o.cert.path} from CA ${o.ca}`,
  // The policy is known on the controller: a certificate it would refuse costs the host no key.
  before: async (o, env) => {
    const ca = await openCa(o.ca);
    ca.checkPolicy(env.context.host, { subject: o.subject, sans: o.sans, usages: o.usages }, o.lifetime);
  },
  remote: (o) => ({ script: inspectScript(o) }),
  controller: async (output, o, env) => {
    const ca = await openCa(o.ca);
    const host = hostReport(output);
    const problems = certificateProblems(host, { subject: o.subject, sans: o.sans, usages: o.usages, renewBeforeMs: o.renewBefore }, ca);
    const chainStale = o.chain !== undefined && output.data.chain !== contentHash(ca.chainPem);
    const before = describeCertificate(host.certificate?.length ? host.certificate : undefined);
    if (problems.length === 0) {
      const message = `valid until ${new Date(new X509Certificate(host.certificate!).validTo).toISOString()}`;
      if (!chainStale) return { message };
      return env.check
        ? { changed: true, message: `${message}; the chain file would be updated` }
        : { changed: true, message: `${message}; chain file updated`, next: installStep(o, host.publicKey!, undefined, ca.chainPem) };
    }
    if (env.check) return { changed: true, message: `would issue a certificate: ${problems.join('; ')}`, diff: { before, after: `a new certificate from CA ${ca.name}` } };
    const csrDer = Buffer.from(output.data.csr ?? '', 'base64');
    const csr = parseCsr(toPem('CERTIFICATE REQUEST', csrDer));
    if (!csr.publicKey.equals(host.publicKey!)) throw new Error('the CSR the host made is not for its key');
    const { pem, record } = await ca.sign(env.context.host, csr, o.lifetime);
    return {
      changed: true,
      message: `issued serial ${record.serial} from CA ${ca.name}, valid until ${record.notAfter}: ${problems.join('; ')}`,
      diff: { before, after: describeCertificate(fromPem('CERTIFICATE', pem)) },
      data: { serial: record.serial, notAfter: record.notAfter },
      next: installStep(o, host.publicKey!, pem, o.chain ? ca.chainPem : undefined),
    };
  },
  // The host's report (public key, certificate, CSR) served the decision; results keep only what
  // a person or a later task needs.
  result: (output) => ({ data: pick(output.data, ['serial', 'notAfter']), stdout: '' }),
  resultData: z.object({
    /** The serial number of a certificate issued by this task (hex); absent when the one there was kept. */
    serial: z.string().optional(),
    /** When a certificate issued by this task expires (ISO 8601). */
    notAfter: z.string().optional(),
  }),
});

function inspectScript(o: Options): string {
  const sanList = [...o.sans.dns.map((name) => `DNS:${name}`), ...o.sans.ip.map((ip) => `IP:${ip}`)].join(',');
  return shellScript(
    inspect, o.key.path, o.cert.path, o.chain?.path ?? '', `made an ${o.key.type} private key on the host`, o.mode, o.owner ?? '', o.group ?? '',
    opensslSubject(o.subject), sanList, o.usages.join(','), ...KEY_ALGORITHMS[o.key.type],
  );
}

function installStep(o: Options, publicKey: Buffer, certPem: string | undefined, chainPem: string | undefined) {
  const chain = o.chain && chainPem ? chainPem : undefined;
  return {
    script: shellScript(
      install, o.key.path, publicKey.toString('base64'), o.cert.path, certPem ? contentHash(certPem) : '', o.owner ?? '', o.group ?? '',
      o.chain?.path ?? '', chain ? contentHash(chain) : '', chain?.replace(/\n$/, '') ?? '',
    ),
    stdin: certPem || undefined,
  };
}

function hostReport(output: ModuleOutput): { publicKey?: Buffer; certificate?: Buffer } {
  const { pubkey, cert } = output.data;
  return {
    publicKey: pubkey ? Buffer.from(pubkey, 'base64') : undefined,
    certificate: cert === undefined ? undefined : Buffer.from(cert, 'base64'),
  };
}

function pick(data: Record<string, string>, keys: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(data).filter(([key]) => keys.includes(key)));
}
