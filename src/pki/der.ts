// Just enough DER to build and read certificates and CSRs, on top of node-forge's ASN.1 codec.
// Node's crypto signs and verifies (EC and RSA alike); node-forge's own certificate code knows
// only RSA keys, so certificates are assembled here from ASN.1 nodes instead.
import { createRequire } from 'node:module';
import type Forge from 'node-forge';

// node-forge is loaded the first time DER is built or read: every playbook imports this file
// through the x509 module, and most runs sign nothing.
let loaded: typeof Forge | undefined;
const forge = (): typeof Forge => (loaded ??= createRequire(import.meta.url)('node-forge') as typeof Forge);
const asn1 = () => forge().asn1;
export type Node = Forge.asn1.Asn1;
const U = () => asn1().Class.UNIVERSAL;
const T = () => asn1().Type;

const bytes = (buffer: Buffer): string => buffer.toString('binary');

export const seq = (...items: Node[]): Node => asn1().create(U(), T().SEQUENCE, true, items);
export const set = (...items: Node[]): Node => asn1().create(U(), T().SET, true, items);
export const oid = (dotted: string): Node => asn1().create(U(), T().OID, false, asn1().oidToDer(dotted).getBytes());
export const bool = (value: boolean): Node => asn1().create(U(), T().BOOLEAN, false, value ? '\xff' : '\x00');
export const utf8 = (text: string): Node => asn1().create(U(), T().UTF8, false, forge().util.encodeUtf8(text));
export const printable = (text: string): Node => asn1().create(U(), T().PRINTABLESTRING, false, text);
export const octets = (content: Buffer): Node => asn1().create(U(), T().OCTETSTRING, false, bytes(content));
export const bitString = (content: Buffer, unusedBits = 0): Node => asn1().create(U(), T().BITSTRING, false, String.fromCharCode(unusedBits) + bytes(content));
export const nul = (): Node => asn1().create(U(), T().NULL, false, '');

/** An INTEGER from unsigned big-endian bytes (a leading zero is added when the top bit is set). */
export function integer(value: Buffer | number): Node {
  if (typeof value === 'number') return asn1().create(U(), T().INTEGER, false, asn1().integerToDer(value).getBytes());
  let content = value;
  while (content.length > 1 && content[0] === 0 && content[1]! < 0x80) content = content.subarray(1);
  if (content[0]! >= 0x80) content = Buffer.concat([Buffer.from([0]), content]);
  return asn1().create(U(), T().INTEGER, false, bytes(content));
}

/** Validity times: UTCTime until 2049, GeneralizedTime after, as RFC 5280 says. */
export function time(date: Date): Node {
  return date.getUTCFullYear() < 2050
    ? asn1().create(U(), T().UTCTIME, false, asn1().dateToUtcTime(date))
    : asn1().create(U(), T().GENERALIZEDTIME, false, asn1().dateToGeneralizedTime(date));
}

/** [n] EXPLICIT: a context tag wrapping a whole node. */
export const explicit = (tag: number, inner: Node): Node => asn1().create(asn1().Class.CONTEXT_SPECIFIC, tag, true, [inner]);
/** [n] IMPLICIT primitive: a context tag in place of the value's own tag. */
export const implicitBytes = (tag: number, content: Buffer): Node => asn1().create(asn1().Class.CONTEXT_SPECIFIC, tag, false, bytes(content));
/** [n] IMPLICIT constructed. */
export const implicitSeq = (tag: number, items: Node[]): Node => asn1().create(asn1().Class.CONTEXT_SPECIFIC, tag, true, items);

export const toDer = (node: Node): Buffer => Buffer.from(asn1().toDer(node).getBytes(), 'binary');
export const fromDer = (der: Buffer): Node => asn1().fromDer(forge().util.createBuffer(bytes(der)), { strict: true, decodeBitStrings: false } as unknown as boolean);

/** The children of a constructed node; throws when the node is not what a parser expects. */
export function children(node: Node | undefined, what: string): Node[] {
  if (!node || !Array.isArray(node.value)) throw new Error(`malformed ${what}`);
  return node.value as Node[];
}

/** The content bytes of a primitive node. */
export function content(node: Node | undefined, what: string): Buffer {
  if (!node || typeof node.value !== 'string') throw new Error(`malformed ${what}`);
  return Buffer.from(node.value, 'binary');
}

export const readOid = (node: Node | undefined, what: string): string => asn1().derToOid(content(node, what).toString('binary'));

export function isContext(node: Node | undefined, tag: number): boolean {
  return node?.tagClass === asn1().Class.CONTEXT_SPECIFIC && node.type === tag;
}

export function toPem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** The DER of the first PEM block with this label, or undefined when there is none. */
export function fromPem(label: string, pem: string): Buffer | undefined {
  const match = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`).exec(pem);
  return match ? Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64') : undefined;
}

/**
 * The exact bytes of each element inside a DER SEQUENCE. Signatures cover the bytes as sent, so
 * a signed part (a CSR's request info, a certificate's TBS) is taken from here, never re-encoded.
 */
export function elementsOf(der: Buffer): Buffer[] {
  const outer = header(der, 0);
  const end = outer.start + outer.length;
  if (end !== der.length) throw new Error('malformed DER: trailing bytes');
  const parts: Buffer[] = [];
  for (let at = outer.start; at < end; ) {
    const inner = header(der, at);
    parts.push(der.subarray(at, inner.start + inner.length));
    at = inner.start + inner.length;
  }
  return parts;
}

function header(der: Buffer, at: number): { start: number; length: number } {
  const first = der[at + 1];
  if (first === undefined) throw new Error('malformed DER: truncated');
  if (first < 0x80) return { start: at + 2, length: first };
  const count = first & 0x7f;
  if (count === 0 || count > 4) throw new Error('malformed DER: unsupported length');
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + der[at + 2 + i]!;
  if (at + 2 + count + length > der.length) throw new Error('malformed DER: truncated');
  return { start: at + 2 + count, length };
}

/** A SEQUENCE around already-encoded elements, which keeps their bytes exactly. */
export function sequenceOfDer(parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const digits: number[] = [];
  for (let rest = body.length; rest > 0; rest = Math.floor(rest / 256)) digits.unshift(rest % 256);
  const lengthBytes = body.length < 0x80 ? Buffer.from([body.length]) : Buffer.from([0x80 | digits.length, ...digits]);
  return Buffer.concat([Buffer.from([0x30]), lengthBytes, body]);
}
