// Subjects and issuers: the few attributes sites use, as a typed object in both directions.
import { children, content, printable, readOid, seq, set, oid, utf8, type Node } from './der.ts';

export interface DistinguishedName {
  CN: string;
  O?: string;
  OU?: string;
  L?: string;
  ST?: string;
  C?: string;
}

const ATTRIBUTES = { CN: '2.5.4.3', O: '2.5.4.10', OU: '2.5.4.11', L: '2.5.4.7', ST: '2.5.4.8', C: '2.5.4.6' } as const;
type Attribute = keyof typeof ATTRIBUTES;
// Broadest first, as openssl and browsers print them.
const ORDER: Attribute[] = ['C', 'ST', 'L', 'O', 'OU', 'CN'];
const BY_OID = new Map<string, Attribute>(Object.entries(ATTRIBUTES).map(([name, dotted]) => [dotted, name as Attribute]));

export function encodeName(name: DistinguishedName): Node {
  const rdns = ORDER.filter((key) => name[key] !== undefined).map((key) =>
    set(seq(oid(ATTRIBUTES[key]), key === 'C' ? printable(name[key]!) : utf8(name[key]!))),
  );
  return seq(...rdns);
}

/** Reads a Name; attributes other than the six above are ignored. */
export function decodeName(node: Node): Partial<DistinguishedName> {
  const name: Partial<DistinguishedName> = {};
  for (const rdn of children(node, 'name')) {
    for (const pair of children(rdn, 'name attribute')) {
      const [type, value] = children(pair, 'name attribute');
      const key = BY_OID.get(readOid(type, 'attribute type'));
      if (key) name[key] = content(value, 'attribute value').toString('utf8');
    }
  }
  return name;
}

/** "CN=etcd-1, O=lab": how names appear in messages and listings. */
export function formatName(name: Partial<DistinguishedName>): string {
  return [...ORDER].reverse().filter((key) => name[key] !== undefined).map((key) => `${key}=${name[key]}`).join(', ');
}

/** openssl's -subj form, e.g. /O=lab/CN=etcd-1, with its separators escaped inside values. */
export function opensslSubject(name: DistinguishedName): string {
  return ORDER.filter((key) => name[key] !== undefined).map((key) => `/${key}=${name[key]!.replace(/[\\/+=]/g, '\\$&')}`).join('');
}
