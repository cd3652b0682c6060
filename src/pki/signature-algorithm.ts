// Which signature algorithm a key signs with, and checking a signature made by a host's key.
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { children, nul, oid, readOid, seq, type Node } from './der.ts';

const ALGORITHMS: Record<string, { hash: string; rsa: boolean }> = {
  '1.2.840.10045.4.3.2': { hash: 'sha256', rsa: false },
  '1.2.840.10045.4.3.3': { hash: 'sha384', rsa: false },
  '1.2.840.10045.4.3.4': { hash: 'sha512', rsa: false },
  '1.2.840.113549.1.1.11': { hash: 'sha256', rsa: true },
  '1.2.840.113549.1.1.12': { hash: 'sha384', rsa: true },
  '1.2.840.113549.1.1.13': { hash: 'sha512', rsa: true },
};

/** The AlgorithmIdentifier a CA key signs with: SHA-384 for P-384, SHA-256 otherwise. */
export function signatureAlgorithmFor(key: KeyObject): Node {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'ec') return seq(oid(details?.namedCurve === 'secp384r1' ? '1.2.840.10045.4.3.3' : '1.2.840.10045.4.3.2'));
  if (key.asymmetricKeyType === 'rsa') return seq(oid('1.2.840.113549.1.1.11'), nul());
  throw new Error(`unsupported CA key type ${key.asymmetricKeyType}`);
}

export function signWith(key: KeyObject, data: Buffer): Buffer {
  const hash = key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'secp384r1' ? 'sha384' : 'sha256';
  return sign(hash, data, key);
}

/** True when `signature` over `data` was made by the key of `spki` with the named algorithm. */
export function verifySignature(algorithm: Node, spki: Buffer, data: Buffer, signature: Buffer): boolean {
  const known = ALGORITHMS[readOid(children(algorithm, 'signature algorithm')[0], 'signature algorithm')];
  if (!known) return false;
  const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  if ((key.asymmetricKeyType === 'rsa') !== known.rsa) return false;
  return verify(known.hash, data, key, signature);
}
