// The X.509 v3 extensions corectl writes into CA and leaf certificates, and reads back from CSRs.
import { createHash } from 'node:crypto';
import { isIPv4 } from 'node:net';
import { bitString, bool, children, content, fromDer, implicitBytes, implicitSeq, integer, isContext, octets, oid, readOid, seq, toDer, type Node } from './der.ts';

export const EXTENDED_USAGES = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
} as const;
export type ExtendedUsage = keyof typeof EXTENDED_USAGES;
export const EXTENDED_USAGE_NAMES = Object.keys(EXTENDED_USAGES) as [ExtendedUsage, ...ExtendedUsage[]];

/** The name of an extended key usage OID, or the OID itself when corectl has no name for it. */
export function usageName(oid: string): string {
  return EXTENDED_USAGE_NAMES.find((name) => EXTENDED_USAGES[name] === oid) ?? oid;
}

const KEY_USAGE_BITS = { digitalSignature: 0, keyEncipherment: 2, keyCertSign: 5, cRLSign: 6 } as const;
export type KeyUsage = keyof typeof KEY_USAGE_BITS;

export interface SubjectAltNames {
  dns: string[];
  ip: string[];
}

const OID = {
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
  nameConstraints: '2.5.29.30',
  extensionRequest: '1.2.840.113549.1.9.14',
};

function extension(id: string, critical: boolean, value: Node): Node {
  return critical ? seq(oid(id), bool(true), octets(toDer(value))) : seq(oid(id), octets(toDer(value)));
}

export function basicConstraints(ca: boolean, pathLength?: number): Node {
  const fields = ca ? [bool(true), ...(pathLength === undefined ? [] : [integer(pathLength)])] : [];
  return extension(OID.basicConstraints, true, seq(...fields));
}

export function keyUsage(usages: KeyUsage[]): Node {
  let bits = 0;
  for (const usage of usages) bits |= 0x80 >> KEY_USAGE_BITS[usage];
  // DER drops trailing zero bits of a named bit list.
  let unused = 0;
  while (unused < 7 && !(bits & (1 << unused))) unused++;
  return extension(OID.keyUsage, true, bitString(Buffer.from([bits]), unused));
}

export function extendedKeyUsage(usages: ExtendedUsage[]): Node {
  return extension(OID.extKeyUsage, false, seq(...usages.map((usage) => oid(EXTENDED_USAGES[usage]))));
}

export function subjectAltName(names: SubjectAltNames): Node {
  return extension(OID.subjectAltName, false, seq(...generalNames(names)));
}

/** Key identifiers: SHA-1 of the subject public key bits (RFC 5280 4.2.1.2, method 1). */
export function keyIdentifier(spki: Buffer): Buffer {
  const keyBits = content(children(fromDer(spki), 'public key')[1], 'public key').subarray(1);
  return createHash('sha1').update(keyBits).digest();
}

export const subjectKeyIdentifier = (id: Buffer): Node => extension(OID.subjectKeyId, false, octets(id));
export const authorityKeyIdentifier = (id: Buffer): Node => extension(OID.authorityKeyId, false, seq(implicitBytes(0, id)));

/** Permitted subtrees only: DNS suffixes and IP ranges (CIDR) the CA may issue for. */
export function nameConstraints(dns: string[], cidrs: string[]): Node {
  const subtrees = [
    ...dns.map((domain) => seq(implicitBytes(2, Buffer.from(domain, 'ascii')))),
    ...cidrs.map((cidr) => seq(implicitBytes(7, cidrBytes(cidr)))),
  ];
  return extension(OID.nameConstraints, true, seq(implicitSeq(0, subtrees)));
}

function generalNames(names: SubjectAltNames): Node[] {
  return [...names.dns.map((name) => implicitBytes(2, Buffer.from(name, 'ascii'))), ...names.ip.map((ip) => implicitBytes(7, ipBytes(ip)))];
}

export function ipBytes(ip: string): Buffer {
  if (isIPv4(ip)) return Buffer.from(ip.split('.').map(Number));
  // IPv6: expand "::" and write eight 16-bit groups.
  const [head = '', tail = ''] = ip.split('::');
  const groups = (part: string) => (part ? part.split(':') : []);
  const missing = 8 - groups(head).length - groups(tail).length;
  const all = ip.includes('::') ? [...groups(head), ...Array<string>(missing).fill('0'), ...groups(tail)] : groups(ip);
  return Buffer.concat(all.map((group) => Buffer.from(parseInt(group, 16).toString(16).padStart(4, '0'), 'hex')));
}

function cidrBytes(cidr: string): Buffer {
  const [address = '', prefixText] = cidr.split('/');
  const ip = ipBytes(address);
  const prefix = prefixText === undefined ? ip.length * 8 : Number(prefixText);
  const mask = Buffer.alloc(ip.length);
  for (let bit = 0; bit < prefix; bit++) mask[bit >> 3]! |= 0x80 >> (bit & 7);
  return Buffer.concat([ip, mask]);
}

function formatIp(raw: Buffer): string {
  if (raw.length === 4) return [...raw].join('.');
  const groups = Array.from({ length: 8 }, (_, i) => raw.readUInt16BE(i * 2).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

export interface RequestedExtensions {
  sans: SubjectAltNames;
  usages: string[];
}

/** What a CSR's extensionRequest attribute asks for: names and extended key usages. */
export function readRequestedExtensions(attributes: Node | undefined): RequestedExtensions {
  const requested: RequestedExtensions = { sans: { dns: [], ip: [] }, usages: [] };
  if (!attributes) return requested;
  for (const attribute of children(attributes, 'CSR attributes')) {
    const [type, values] = children(attribute, 'CSR attribute');
    if (readOid(type, 'CSR attribute') !== OID.extensionRequest) continue;
    for (const ext of children(children(values, 'extension request')[0], 'extension request')) {
      const parts = children(ext, 'extension');
      const id = readOid(parts[0], 'extension');
      const value = fromDer(content(parts[parts.length - 1], 'extension value'));
      if (id === OID.subjectAltName) {
        for (const name of children(value, 'subjectAltName')) {
          if (isContext(name, 2)) requested.sans.dns.push(content(name, 'DNS name').toString('ascii'));
          else if (isContext(name, 7)) requested.sans.ip.push(formatIp(content(name, 'IP address')));
          else throw new Error('the CSR asks for a subject alternative name that is neither DNS nor IP');
        }
      } else if (id === OID.extKeyUsage) {
        requested.usages = children(value, 'extendedKeyUsage').map((usage) => usageName(readOid(usage, 'extendedKeyUsage')));
      }
    }
  }
  return requested;
}

