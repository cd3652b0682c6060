// `corectl ca init|list|show`: the site's certificate authorities on the controller.
import { readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { promptSecret } from '../connection/prompt-secret.ts';
import { CaError, CertificateAuthority } from '../pki/certificate-authority.ts';
import { caNameSchema, caPaths, KEY_TYPES, passphraseFromEnv, passphraseVariable, pkiDir, type IssuedRecord, type KeyType } from '../pki/ca-files.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import { UsageError } from '../errors/usage-error.ts';

export const caOptionSpec = {
  dir: { type: 'string' },
  key: { type: 'string', default: 'ec-p256' },
  days: { type: 'string', default: '3650' },
  cn: { type: 'string' },
  org: { type: 'string' },
  'path-length': { type: 'string' },
  'permit-dns': { type: 'string', multiple: true, default: [] as string[] },
  'permit-ip': { type: 'string', multiple: true, default: [] as string[] },
  parent: { type: 'string' },
  issued: { type: 'boolean' },
  expiring: { type: 'string' },
  all: { type: 'boolean' },
} as const;

const DAY = 86_400_000;
const USAGE = `usage: corectl ca init NAME [--key ${KEY_TYPES.join('|')}] [--days N] [--cn TEXT] [--org TEXT]
                     [--path-length N] [--permit-dns DOMAIN]... [--permit-ip CIDR]... [--parent CA]
       corectl ca list [--issued [--expiring DAYS] [--all]]
       corectl ca show NAME
All take --dir DIR (default: $CORECTL_PKI_DIR or ./pki).`;

export async function caCommand(argv: string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const [action, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: caOptionSpec,
  });
  const dir = pkiDir(values.dir);
  try {
    if (action === 'init') return await init(dir, onlyName(positionals), values, out);
    if (action === 'list') return await (values.issued ? listIssued(dir, values.expiring, values.all ?? false, out) : list(dir, out));
    if (action === 'show') return await show(dir, onlyName(positionals), out);
  } catch (error) {
    if (error instanceof CaError) throw new UsageError(error.message);
    throw error;
  }
  throw new UsageError(action ? `unknown action "${action}"\n${USAGE}` : USAGE);
}

function onlyName(positionals: string[]): string {
  if (positionals.length !== 1) throw new UsageError(`name exactly one CA\n${USAGE}`);
  const parsed = caNameSchema.safeParse(positionals[0]);
  if (!parsed.success) throw new UsageError(`CA name "${positionals[0]}": ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

function count(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`--${flag} must be a whole number, not "${text}"`);
  return Number(text);
}

async function passphraseFor(name: string, confirm: boolean): Promise<string> {
  const fromEnv = passphraseFromEnv(name);
  if (fromEnv) return fromEnv;
  const first = await promptSecret(`Passphrase for CA ${name}: `);
  if (first === undefined) throw new UsageError(`CA ${name}: no terminal to ask for its passphrase on; set ${passphraseVariable(name)} (or CORECTL_CA_PASSPHRASE)`);
  if (first.length < 8) throw new UsageError('the passphrase must have at least 8 characters');
  if (confirm && (await promptSecret(`Passphrase for CA ${name} again: `)) !== first) throw new UsageError('the passphrases differ');
  return first;
}

async function init(dir: string, name: string, values: Record<string, unknown>, out: NodeJS.WritableStream): Promise<number> {
  const keyType = values.key as string;
  if (!(KEY_TYPES as readonly string[]).includes(keyType)) throw new UsageError(`--key must be one of ${KEY_TYPES.join(', ')}`);
  if (existsSync(caPaths(dir, name).cert)) throw new UsageError(`CA ${name} already exists in ${caPaths(dir, name).base}`);
  const parent = values.parent ? await CertificateAuthority.open(dir, values.parent as string) : undefined;
  if (parent) await parent.signingKey(await passphraseFor(parent.name, false));
  const ca = await CertificateAuthority.init({
    dir,
    name,
    keyType: keyType as KeyType,
    days: count(values.days as string, 'days')!,
    subject: { CN: (values.cn as string | undefined) ?? `${name} CA`, ...(values.org ? { O: values.org as string } : {}) },
    pathLength: count(values['path-length'] as string | undefined, 'path-length'),
    permittedDns: values['permit-dns'] as string[],
    permittedIps: values['permit-ip'] as string[],
    passphrase: await passphraseFor(name, true),
    parent,
  });
  const paths = caPaths(dir, name);
  out.write(`CA ${name} created in ${paths.base}${parent ? `, signed by ${parent.name}` : ''}
  certificate  ${paths.cert}  (valid until ${new Date(ca.certificate.validTo).toISOString().slice(0, 10)})
  key          ${paths.key}  (encrypted, 0600)
  policy       ${paths.policy}  (edit it: names, ipRanges, usages, maxLifetime)
Use it in a playbook with x509.certificate({ ca: '${name}', ... }); runs read the passphrase from ${passphraseVariable(name)}.
`);
  return ExitCode.ok;
}

async function allCas(dir: string): Promise<CertificateAuthority[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const names = entries.filter((e) => e.isDirectory() && existsSync(caPaths(dir, e.name).cert)).map((e) => e.name).sort();
  return Promise.all(names.map((name) => CertificateAuthority.open(dir, name)));
}

async function list(dir: string, out: NodeJS.WritableStream): Promise<number> {
  const cas = await allCas(dir);
  if (cas.length === 0) {
    out.write(`no CAs in ${dir} (create one with: corectl ca init NAME)\n`);
    return ExitCode.ok;
  }
  const rows = await Promise.all(cas.map(async (ca) => [ca.name, ca.metadata.keyType, day(ca.certificate.validTo), ca.metadata.parent ?? '(root)', String((await ca.issued()).length), ca.certificate.subject.replace(/\n/g, ', ')]));
  out.write(table([['CA', 'KEY', 'NOT AFTER', 'PARENT', 'ISSUED', 'SUBJECT'], ...rows]));
  return ExitCode.ok;
}

async function listIssued(dir: string, expiringText: string | undefined, all: boolean, out: NodeJS.WritableStream): Promise<number> {
  const soon = (count(expiringText, 'expiring') ?? 30) * DAY;
  const now = Date.now();
  const rows: string[][] = [];
  for (const ca of await allCas(dir)) {
    for (const record of all ? await ca.issued() : current(await ca.issued())) {
      const left = new Date(record.notAfter).getTime() - now;
      if (expiringText !== undefined && left > soon) continue;
      const state = left <= 0 ? 'EXPIRED' : left <= soon ? `expires in ${Math.ceil(left / DAY)}d` : `${Math.floor(left / DAY)}d left`;
      rows.push([ca.name, record.host, record.subject, [...record.dns, ...record.ip].join(',') || '-', record.notAfter.slice(0, 16).replace('T', ' '), state, record.serial]);
    }
  }
  rows.sort((a, b) => a[4]!.localeCompare(b[4]!));
  out.write(rows.length === 0 ? 'no certificates issued yet\n' : table([['CA', 'HOST', 'SUBJECT', 'NAMES', 'NOT AFTER (UTC)', 'STATE', 'SERIAL'], ...rows]));
  return ExitCode.ok;
}

async function show(dir: string, name: string, out: NodeJS.WritableStream): Promise<number> {
  const ca = await CertificateAuthority.open(dir, name);
  const { metadata, certificate, policy } = ca;
  const paths = caPaths(dir, name);
  out.write(`CA ${name}
  subject       ${certificate.subject.replace(/\n/g, ', ')}
  issuer        ${metadata.parent ? `${metadata.parent} (${certificate.issuer.replace(/\n/g, ', ')})` : '(self-signed root)'}
  key           ${metadata.keyType}, ${paths.key} (encrypted)
  valid         ${new Date(certificate.validFrom).toISOString()} .. ${new Date(certificate.validTo).toISOString()}
  path length   ${metadata.pathLength ?? 'unlimited'}
  permitted     ${[...metadata.permittedDns, ...metadata.permittedIps].join(', ') || 'any name (no name constraints)'}
  serial        ${certificate.serialNumber}
  sha256        ${certificate.fingerprint256}
  policy        names [${policy.names.join(', ')}], ipRanges [${policy.ipRanges.join(', ')}], usages [${policy.usages.join(', ')}], maxLifetime ${Math.round(policy.maxLifetime / DAY)}d
  issued        ${(await ca.issued()).length} certificates (corectl ca list --issued)

${certificate.toString()}`);
  return ExitCode.ok;
}

/** The newest certificate per host and subject: renewed ones are no longer out there. */
function current(records: IssuedRecord[]): IssuedRecord[] {
  const newest = new Map<string, IssuedRecord>();
  for (const record of records) {
    const key = `${record.host}\0${record.subject}`;
    if ((newest.get(key)?.issuedAt ?? '') <= record.issuedAt) newest.set(key, record);
  }
  return [...newest.values()];
}

function day(date: string): string {
  return new Date(date).toISOString().slice(0, 10);
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')).join('\n') + '\n';
}
