// A certificate authority on the controller: made by `corectl ca init`, opened by runs to sign
// the CSRs hosts send. The key is decrypted only when something is signed, so check mode (the
// nightly drift job) needs no passphrase.
import { CorectlError } from '../errors/corectl-error.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import { createPrivateKey, createPublicKey, generateKeyPairSync, X509Certificate, type KeyObject } from 'node:crypto';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { parseYamlSource, validateYaml } from '../inventory/yaml-source.ts';
import { buildCertificate } from './build-certificate.ts';
import { caMetadataSchema, caPaths, issuedRecordSchema, passphraseFromEnv, passphraseVariable, type CaMetadata, type IssuedRecord, type KeyType } from './ca-files.ts';
import type { CertificateRequest } from './csr.ts';
import { elementsOf, toDer } from './der.ts';
import { encodeName, formatName, type DistinguishedName } from './distinguished-name.ts';
import {
  authorityKeyIdentifier,
  basicConstraints,
  extendedKeyUsage,
  keyIdentifier,
  keyUsage,
  nameConstraints,
  subjectAltName,
  subjectKeyIdentifier,
  type ExtendedUsage,
} from './extensions.ts';
import { enforcePolicy, policySchema, type SigningPolicy } from './signing-policy.ts';

export class CaError extends CorectlError {
  override readonly name = 'CaError';
  override readonly exitCode = ExitCode.usage;
}

const CLOCK_SKEW_MS = 5 * 60_000;

export interface CaInitOptions {
  dir: string;
  name: string;
  keyType: KeyType;
  days: number;
  subject: DistinguishedName;
  pathLength?: number;
  permittedDns: string[];
  permittedIps: string[];
  passphrase: string;
  /** Makes an intermediate CA signed by this one. */
  parent?: CertificateAuthority;
}

export class CertificateAuthority {
  private key: KeyObject | undefined;

  private constructor(
    readonly dir: string,
    readonly metadata: CaMetadata,
    readonly certificate: X509Certificate,
    /** This CA's certificate and its parents', PEM, leaf-most first. */
    readonly chainPem: string,
    readonly policy: SigningPolicy,
  ) {}

  get name(): string {
    return this.metadata.name;
  }

  static async open(dir: string, name: string): Promise<CertificateAuthority> {
    const paths = caPaths(dir, name);
    if (!existsSync(paths.cert)) throw new CaError(`no CA named ${name} in ${dir} (create it with: corectl ca init ${name})`);
    const [certPem, chainPem, metadataText, policyText] = await Promise.all([
      readFile(paths.cert, 'utf8'),
      readFile(paths.chain, 'utf8'),
      readFile(paths.metadata, 'utf8'),
      readFile(paths.policy, 'utf8'),
    ]);
    const metadata = caMetadataSchema.parse(JSON.parse(metadataText));
    const policy = validateYaml(parseYamlSource(paths.policy, policyText), policySchema);
    return new CertificateAuthority(dir, metadata, new X509Certificate(certPem), chainPem, policy);
  }

  static async init(options: CaInitOptions): Promise<CertificateAuthority> {
    const paths = caPaths(options.dir, options.name);
    if (existsSync(paths.cert)) throw new CaError(`CA ${options.name} already exists in ${paths.base}`);
    const { parent } = options;
    const notAfter = new Date(Date.now() + options.days * 86_400_000);
    if (parent && notAfter > new Date(parent.certificate.validTo)) {
      throw new CaError(`CA ${options.name} would outlive its parent ${parent.name} (valid until ${parent.certificate.validTo}); ask for fewer --days`);
    }
    if (parent?.metadata.pathLength === 0) throw new CaError(`CA ${parent.name} has path length 0: it may not sign another CA`);
    const { privateKey, publicKey } = generateKey(options.keyType);
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    const ownId = keyIdentifier(spki);
    const subject = encodeName(options.subject);
    const issuerKey = parent ? await parent.signingKey() : privateKey;
    const { pem } = buildCertificate(
      {
        issuer: parent ? parent.subjectDer() : toDer(subject),
        subject,
        publicKey: spki,
        notBefore: new Date(Date.now() - CLOCK_SKEW_MS),
        notAfter,
        extensions: [
          basicConstraints(true, options.pathLength),
          keyUsage(['keyCertSign', 'cRLSign']),
          subjectKeyIdentifier(ownId),
          authorityKeyIdentifier(parent ? keyIdentifier(parent.publicKeyDer()) : ownId),
          ...(options.permittedDns.length + options.permittedIps.length > 0 ? [nameConstraints(options.permittedDns, options.permittedIps)] : []),
        ],
      },
      issuerKey,
    );
    const metadata: CaMetadata = {
      name: options.name,
      keyType: options.keyType,
      ...(options.pathLength === undefined ? {} : { pathLength: options.pathLength }),
      permittedDns: options.permittedDns,
      permittedIps: options.permittedIps,
      ...(parent ? { parent: parent.name } : {}),
      created: new Date().toISOString(),
    };
    await mkdir(paths.base, { recursive: true, mode: 0o700 });
    const encrypted = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: options.passphrase });
    await writeFile(paths.key, encrypted, { mode: 0o600, flag: 'wx' });
    await writeFile(paths.cert, pem);
    await writeFile(paths.chain, pem + (parent?.chainPem ?? ''));
    await writeFile(paths.metadata, `${JSON.stringify(metadata, null, 2)}\n`);
    await writeFile(paths.policy, defaultPolicy(options));
    await writeFile(paths.issued, '', { flag: 'a' });
    return CertificateAuthority.open(options.dir, options.name);
  }

  /** The decrypted key; the passphrase comes from the environment (or `passphrase`). */
  async signingKey(passphrase = passphraseFromEnv(this.name)): Promise<KeyObject> {
    if (this.key) return this.key;
    if (passphrase === undefined) {
      throw new CaError(`CA ${this.name}: its key is encrypted; set ${passphraseVariable(this.name)} (or CORECTL_CA_PASSPHRASE) to its passphrase`);
    }
    const pem = await readFile(caPaths(this.dir, this.name).key, 'utf8');
    try {
      this.key = createPrivateKey({ key: pem, format: 'pem', passphrase });
    } catch (error) {
      throw new CaError(`CA ${this.name}: cannot decrypt its key: wrong passphrase?`, { cause: error });
    }
    return this.key;
  }

  /**
   * Whether the policy would sign a certificate with this subject, these names and usages for this
   * long: checked before a host makes a key for it. Throws PolicyError naming the rule.
   */
  checkPolicy(host: string, request: Omit<CertificateRequest, 'publicKey'>, lifetimeMs: number): void {
    enforcePolicy(this.name, this.policy, { host, csr: { ...request, publicKey: Buffer.alloc(0) }, lifetimeMs });
  }

  /** Checks the request against the policy, signs it and records it; throws PolicyError or CaError. */
  async sign(host: string, csr: CertificateRequest, lifetimeMs: number): Promise<{ pem: string; record: IssuedRecord }> {
    enforcePolicy(this.name, this.policy, { host, csr, lifetimeMs });
    const now = Date.now();
    const notAfter = new Date(now + lifetimeMs);
    if (notAfter > new Date(this.certificate.validTo)) {
      throw new CaError(`${host}: CA ${this.name} is valid only until ${this.certificate.validTo}, before the requested lifetime ends`);
    }
    const rsa = createPublicKey({ key: csr.publicKey, format: 'der', type: 'spki' }).asymmetricKeyType === 'rsa';
    const { pem, serial } = buildCertificate(
      {
        issuer: this.subjectDer(),
        subject: encodeName(csr.subject as DistinguishedName),
        publicKey: csr.publicKey,
        notBefore: new Date(now - CLOCK_SKEW_MS),
        notAfter,
        extensions: [
          basicConstraints(false),
          keyUsage(rsa ? ['digitalSignature', 'keyEncipherment'] : ['digitalSignature']),
          extendedKeyUsage(csr.usages as ExtendedUsage[]),
          ...(csr.sans.dns.length + csr.sans.ip.length > 0 ? [subjectAltName(csr.sans)] : []),
          subjectKeyIdentifier(keyIdentifier(csr.publicKey)),
          authorityKeyIdentifier(keyIdentifier(this.publicKeyDer())),
        ],
      },
      await this.signingKey(),
    );
    const record: IssuedRecord = {
      serial: serial.toString('hex').toUpperCase(),
      host,
      subject: formatName(csr.subject),
      dns: csr.sans.dns,
      ip: csr.sans.ip,
      usages: csr.usages,
      notBefore: new Date(now - CLOCK_SKEW_MS).toISOString(),
      notAfter: notAfter.toISOString(),
      issuedAt: new Date(now).toISOString(),
    };
    // One short line per append: concurrent signings in one run never interleave.
    await appendFile(caPaths(this.dir, this.name).issued, `${JSON.stringify(record)}\n`);
    return { pem, record };
  }

  async issued(): Promise<IssuedRecord[]> {
    const text = await readFile(caPaths(this.dir, this.name).issued, 'utf8').catch(() => '');
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => issuedRecordSchema.parse(JSON.parse(line)));
  }

  publicKeyDer(): Buffer {
    return this.certificate.publicKey.export({ type: 'spki', format: 'der' });
  }

  /** The subject Name exactly as encoded in the certificate: a leaf's issuer must match it byte for byte. */
  subjectDer(): Buffer {
    const tbs = elementsOf(this.certificate.raw)[0]!;
    const fields = elementsOf(tbs);
    // With the [0] version present, the subject is the sixth field of the TBS.
    return fields[fields[0]![0] === 0xa0 ? 5 : 4]!;
  }
}

function generateKey(type: KeyType) {
  if (type.startsWith('ec-')) return generateKeyPairSync('ec', { namedCurve: type === 'ec-p384' ? 'P-384' : 'P-256' });
  return generateKeyPairSync('rsa', { modulusLength: Number(type.slice(4)) });
}

function defaultPolicy(options: CaInitOptions): string {
  const names = options.permittedDns.length > 0 ? options.permittedDns.flatMap((domain) => [domain, `**.${domain}`]) : ['**'];
  return `# What CA ${options.name} signs. A CSR outside this is refused, naming the host and the rule.
# names: DNS names and subject CNs: exact, *.example.org (one label) or **.example.org (any depth)
names:
${names.map((name) => `  - '${name}'`).join('\n')}
# ipRanges: addresses allowed as IP subject alternative names
ipRanges:
${(options.permittedIps.length > 0 ? options.permittedIps : ['0.0.0.0/0', '::/0']).map((range) => `  - '${range}'`).join('\n')}
# usages: serverAuth, clientAuth, codeSigning, emailProtection
usages: [serverAuth, clientAuth]
# maxLifetime: the longest certificate this CA issues (m, h, d, w, y)
maxLifetime: 398d
`;
}

