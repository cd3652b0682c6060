// `loadSecrets(path, schema)`: a playbook's encrypted values, decrypted when the playbook loads,
// checked against a zod schema (so tasks see them typed) and registered as sensitive, so they are
// masked in every output, report and error, and a task that uses one is hidden as a whole.
import { dirname, resolve } from 'node:path';
import type { z } from 'zod';
import { sensitive } from '../secrets/sensitive-values.ts';
import { openSecretsFile, parseSecrets } from '../secrets/secrets-file.ts';
import { callerSite } from './call-site.ts';
import type { SchemaLike } from './schema-like.ts';

/**
 * Reads an age-encrypted YAML file of secrets. A relative path is taken from the playbook's
 * directory. Keys: see README "Secrets" (an identity file, $CORECTL_SECRETS_KEY, or a passphrase).
 *
 * @example
 * const secrets = await loadSecrets('secrets/site.yaml', z.object({ dbPassword: z.string() }));
 */
export async function loadSecrets<S extends SchemaLike>(path: string, schema: S): Promise<z.output<S>> {
  const site = callerSite();
  const file = site ? resolve(dirname(site.file), path) : resolve(path);
  const { text } = await openSecretsFile(file);
  // What a playbook passes as a SchemaLike is a zod schema (its type says only what corectl reads of it).
  return sensitive(parseSecrets(file, text, schema as unknown as z.ZodType<z.output<S>>));
}

export { sensitive } from '../secrets/sensitive-values.ts';
