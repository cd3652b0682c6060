// corectl's PKI (`corectl/pki`): controller-side certificate authorities, for the x509 module, the
// `corectl ca` command, and a user's own modules.
import { CertificateAuthority } from './certificate-authority.ts';
import { pkiDir } from './ca-files.ts';

export { CaError, CertificateAuthority, type CaInitOptions } from './certificate-authority.ts';
export { caNameSchema, caPaths, KEY_TYPES, passphraseVariable, pkiDir, type IssuedRecord, type KeyType } from './ca-files.ts';
export { CsrError, parseCsr, type CertificateRequest } from './csr.ts';
export { fromPem, toPem } from './der.ts';
export { formatName, opensslSubject, type DistinguishedName } from './distinguished-name.ts';
export { durationSchema, formatDuration } from './duration.ts';
export { EXTENDED_USAGE_NAMES, ipBytes, usageName, type ExtendedUsage, type SubjectAltNames } from './extensions.ts';
export { PolicyError, type SigningPolicy } from './signing-policy.ts';

const opened = new Map<string, Promise<CertificateAuthority>>();

/** The CA NAME of the PKI directory, opened once per process: a run signs for many hosts. */
export function openCa(name: string, dir = pkiDir()): Promise<CertificateAuthority> {
  const key = `${dir}\0${name}`;
  let ca = opened.get(key);
  if (!ca) {
    ca = CertificateAuthority.open(dir, name);
    opened.set(key, ca);
  }
  return ca;
}
