// x509: host keys that never leave their hosts, certificates from controller-side CAs.
import { caTrust } from './ca-trust.ts';
import { certificate } from './certificate.ts';

export const x509 = { certificate, caTrust };
