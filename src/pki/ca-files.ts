// Where a CA lives on the controller and what its directory holds:
//   DIR/NAME/ca.crt       the CA certificate (public)
//   DIR/NAME/chain.crt    the CA and its parents up to the root, for chain files on hosts
//   DIR/NAME/ca.key       the CA key, encrypted PKCS#8, mode 0600
//   DIR/NAME/ca.json      how it was made (key type, path length, name constraints, parent)
//   DIR/NAME/policy.yaml  what it signs (see signing-policy.ts)
//   DIR/NAME/issued.jsonl one line per issued certificate
import { resolve, join } from 'node:path';
import { z } from 'zod';

export const caNameSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'a CA name: lower-case letters, digits, - and _');

export const KEY_TYPES = ['ec-p256', 'ec-p384', 'rsa-2048', 'rsa-3072', 'rsa-4096'] as const;
export type KeyType = (typeof KEY_TYPES)[number];

export const caMetadataSchema = z.strictObject({
  name: caNameSchema,
  keyType: z.enum(KEY_TYPES),
  pathLength: z.number().int().nonnegative().optional(),
  permittedDns: z.array(z.string()),
  permittedIps: z.array(z.string()),
  parent: caNameSchema.optional(),
  created: z.string(),
});
export type CaMetadata = z.infer<typeof caMetadataSchema>;

export const issuedRecordSchema = z.object({
  serial: z.string(),
  host: z.string(),
  subject: z.string(),
  dns: z.array(z.string()),
  ip: z.array(z.string()),
  usages: z.array(z.string()),
  notBefore: z.string(),
  notAfter: z.string(),
  issuedAt: z.string(),
});
export type IssuedRecord = z.infer<typeof issuedRecordSchema>;

/** The PKI directory: --dir, else $CORECTL_PKI_DIR, else ./pki. */
export function pkiDir(dir?: string): string {
  return resolve(dir ?? process.env.CORECTL_PKI_DIR ?? 'pki');
}

export function caPaths(dir: string, name: string) {
  const base = join(dir, name);
  return {
    base,
    cert: join(base, 'ca.crt'),
    chain: join(base, 'chain.crt'),
    key: join(base, 'ca.key'),
    metadata: join(base, 'ca.json'),
    policy: join(base, 'policy.yaml'),
    issued: join(base, 'issued.jsonl'),
  };
}

/** CORECTL_CA_PASSPHRASE_<NAME> (upper case, - as _), else CORECTL_CA_PASSPHRASE. */
export function passphraseVariable(name: string): string {
  return `CORECTL_CA_PASSPHRASE_${name.toUpperCase().replace(/-/g, '_')}`;
}

export function passphraseFromEnv(name: string): string | undefined {
  return process.env[passphraseVariable(name)] || process.env.CORECTL_CA_PASSPHRASE || undefined;
}
