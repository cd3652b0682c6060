// Assembles and signs an X.509 v3 certificate: the TBS from its parts, signed by the issuer's key.
import { randomBytes, type KeyObject } from 'node:crypto';
import { bitString, explicit, integer, seq, sequenceOfDer, time, toDer, toPem, type Node } from './der.ts';
import { signatureAlgorithmFor, signWith } from './signature-algorithm.ts';

export interface CertificateParts {
  /** The issuer's Name exactly as encoded in its own certificate (or the subject, self-signed). */
  issuer: Buffer;
  subject: Node;
  /** The subject's public key, SubjectPublicKeyInfo DER. */
  publicKey: Buffer;
  notBefore: Date;
  notAfter: Date;
  extensions: Node[];
  serial?: Buffer;
}

/** 16 random bytes, top bit clear: positive, unique in practice, within RFC 5280's 20 octets. */
export function newSerial(): Buffer {
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01;
  return serial;
}

export function buildCertificate(parts: CertificateParts, issuerKey: KeyObject): { pem: string; serial: Buffer } {
  const serial = parts.serial ?? newSerial();
  const algorithm = signatureAlgorithmFor(issuerKey);
  const tbs = sequenceOfDer([
    toDer(explicit(0, integer(2))),
    toDer(integer(serial)),
    toDer(algorithm),
    parts.issuer,
    toDer(seq(time(parts.notBefore), time(parts.notAfter))),
    toDer(parts.subject),
    parts.publicKey,
    toDer(explicit(3, seq(...parts.extensions))),
  ]);
  const signature = signWith(issuerKey, tbs);
  return { pem: toPem('CERTIFICATE', sequenceOfDer([tbs, toDer(algorithm), toDer(bitString(signature))])), serial };
}
