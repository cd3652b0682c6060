// Certificate signing requests made by hosts: parsed, and their self-signature checked, which
// proves the host holds the private key without the key ever leaving it.
import { CorectlError } from '../errors/corectl-error.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import { createPublicKey } from 'node:crypto';
import { children, content, elementsOf, fromDer, fromPem, isContext } from './der.ts';
import { decodeName, type DistinguishedName } from './distinguished-name.ts';
import { readRequestedExtensions, type SubjectAltNames } from './extensions.ts';
import { verifySignature } from './signature-algorithm.ts';

export class CsrError extends CorectlError {
  override readonly name = 'CsrError';
  override readonly exitCode = ExitCode.failed;
}

export interface CertificateRequest {
  subject: Partial<DistinguishedName>;
  /** The requester's public key (SubjectPublicKeyInfo, DER). */
  publicKey: Buffer;
  sans: SubjectAltNames;
  usages: string[];
}

export function parseCsr(pem: string): CertificateRequest {
  const der = fromPem('CERTIFICATE REQUEST', pem);
  if (!der) throw new CsrError('not a PEM certificate signing request');
  try {
    const [infoBytes, , signatureBytes] = elementsOf(der);
    const [, algorithm, signature] = children(fromDer(der), 'CSR');
    const info = children(fromDer(infoBytes!), 'CSR info');
    const publicKey = elementsOf(infoBytes!)[2]!;
    createPublicKey({ key: publicKey, format: 'der', type: 'spki' });
    const signed = content(signature, 'CSR signature');
    if (!signatureBytes || signed[0] !== 0 || !verifySignature(algorithm!, publicKey, infoBytes!, signed.subarray(1))) {
      throw new CsrError('the CSR signature does not verify: it was not made with the key it carries');
    }
    const attributes = info.find((node) => isContext(node, 0));
    return { subject: decodeName(info[1]!), publicKey, ...readRequestedExtensions(attributes) };
  } catch (error) {
    if (error instanceof CsrError) throw error;
    throw new CsrError(`malformed CSR: ${(error as Error).message}`, { cause: error });
  }
}
