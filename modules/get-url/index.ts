// getUrl: a file downloaded onto the host, as Ansible's get_url: with a checksum, a file that
// already has it is not downloaded again, and a download that does not have it fails before it
// replaces anything. It fetches with curl (Fedora CoreOS ships it), the request on stdin.
import { z } from 'zod';
import { absolutePathSchema, defineModule, modeSchema, moduleOptions, ownerSchema, shellScript } from 'corectl/module';
import { curlConfig } from '../uri/curl-config.ts';
import { carriesSecrets, headersSchema, httpUrlSchema, urlPasswordSchema, urlUsernameSchema, withoutCredentials } from '../uri/http-options.ts';
import script from './get-url.sh';

const DIGEST_LENGTH = { md5: 32, sha1: 40, sha224: 56, sha256: 64, sha384: 96, sha512: 128 } as const;
type Algorithm = keyof typeof DIGEST_LENGTH;

/** 'sha256:HEX' as Ansible writes it (separators in the digest are dropped, case ignored). */
const checksumSchema = z.string().transform((value, ctx) => {
  const [algorithm, ...rest] = value.split(':');
  const digest = rest.join(':').replace(/\W+/g, '').toLowerCase();
  if (rest.length === 0 || !(algorithm! in DIGEST_LENGTH)) {
    ctx.addIssue({ code: 'custom', message: `must be ALGORITHM:DIGEST, with ALGORITHM one of ${Object.keys(DIGEST_LENGTH).join(', ')} (a checksum URL is not supported yet)` });
    return z.NEVER;
  }
  if (!new RegExp(`^[0-9a-f]{${DIGEST_LENGTH[algorithm as Algorithm]}}$`).test(digest)) {
    ctx.addIssue({ code: 'custom', message: `is not a ${algorithm} digest (${DIGEST_LENGTH[algorithm as Algorithm]} hexadecimal digits)` });
    return z.NEVER;
  }
  return { algorithm: algorithm as Algorithm, digest };
});

const schema = moduleOptions('getUrl', {
  /** http:// or https://. @example 'https://github.com/coredns/coredns/releases/download/v1.12.0/coredns_1.12.0_linux_amd64.tgz' */
  url: httpUrlSchema,
  /** Where the file goes on the host (its own path, not a directory). @example '/var/lib/site/coredns.tgz' */
  path: absolutePathSchema,
  /** ALGORITHM:DIGEST. A file already there with it is not downloaded again; a download without it fails and writes nothing. @example 'sha256:0123…' */
  checksum: checksumSchema.optional(),
  /** Download even when the file is there (with a checksum that matches, or not modified since). */
  force: z.boolean().default(false),
  /** Octal ('0755') or symbolic; a new file gets 0644 unless given. */
  mode: modeSchema.optional(),
  owner: ownerSchema.optional(),
  group: ownerSchema.optional(),
  /** Keep a copy of the old file as PATH.PID.DATE@TIME~ before replacing it. */
  backup: z.boolean().default(false),
  /** Seconds for the whole download. */
  timeout: z.number().int().min(1).default(10),
  /** Request headers. */
  headers: headersSchema,
  /** Check the server's certificate. */
  validateCerts: z.boolean().default(true),
  /** A CA bundle on the host to check the server's certificate with. */
  caPath: absolutePathSchema.optional(),
  /** Basic authentication: the user... */
  urlUsername: urlUsernameSchema.optional(),
  /** ...and the password (the task is then sensitive). */
  urlPassword: urlPasswordSchema.optional(),
}, {
  dest: '`path`', validate_certs: '`validateCerts`', ca_path: '`caPath`', url_username: '`urlUsername`', username: '`urlUsername`', url_password: '`urlPassword`', password: '`urlPassword`',
  force_basic_auth: 'nothing: with urlUsername, credentials are always sent', tmp_dest: 'nothing: the download goes beside path, then is renamed',
  use_proxy: 'nothing: no proxy is used', unsafe_writes: 'nothing: writes are always atomic',
});

/**
 * @example getUrl({ url: 'https://example.net/tool', path: '/usr/local/bin/tool', mode: '0755', checksum: 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' })
 */
export const getUrl = defineModule({
  name: 'getUrl',
  ansible: 'ansible.builtin.get_url',
  schema,
  describe: (o) => `${withoutCredentials(o.url)} -> ${o.path}`,
  sensitive: carriesSecrets,
  remote: (o) => ({
    stdin: curlConfig({ url: o.url, method: 'GET', headers: o.headers, user: o.urlUsername, password: o.urlPassword, timeout: o.timeout, followRedirects: 'safe', validateCerts: o.validateCerts, caPath: o.caPath }),
    script: shellScript(script, o.path, o.checksum?.algorithm ?? '', o.checksum?.digest ?? '', o.force, o.mode ?? '', o.owner ?? '', o.group ?? '', o.backup),
  }),
});
