// stat: what is at a path (exists, type, mode, owner, size, checksum, link target), as Ansible's
// stat module reports it, for later tasks to decide on: `when: (ctx) => !ctx.result(conf)?.data?.exists`.
// It only reads the host, so it runs in check mode as in a run, and is never changed.
import { z } from 'zod';
import { absolutePathSchema, defineModule, moduleOptions, shellScript } from 'corectl/module';
import script from './stat.sh';

const CHECKSUMS = { sha1: 'sha1sum', sha224: 'sha224sum', sha256: 'sha256sum', sha384: 'sha384sum', sha512: 'sha512sum', md5: 'md5sum' } as const;

const schema = moduleOptions('stat', {
  /** Absolute path on the host. @example '/etc/app.conf' */
  path: absolutePathSchema,
  /** Describe what a symbolic link points to instead of the link (Ansible's `follow`). */
  follow: z.boolean().default(false),
  /** The checksum of a regular file, with this algorithm (Ansible's default, sha1), or none (`false`). */
  checksum: z.union([z.enum(['sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'md5']), z.literal(false)]).default('sha1'),
}, {
  get_checksum: '`checksum` (false for none)', checksum_algorithm: '`checksum`', get_mime: 'nothing: corectl does not report MIME types', get_attributes: 'nothing: corectl does not report attributes',
});

const TYPES: Record<string, 'file' | 'directory' | 'link' | 'other'> = { 'regular file': 'file', 'regular empty file': 'file', directory: 'directory', 'symbolic link': 'link' };

/**
 * @example const conf = play.task('conf there?', stat({ path: '/etc/app.conf' }))
 */
export const stat = defineModule({
  name: 'stat',
  ansible: 'ansible.builtin.stat',
  schema,
  describe: (o) => o.path,
  readOnly: true,
  resultData: z.object({
    /** Something is at the path (with `follow`, the link's target is). */
    exists: z.coerce.number().transform((n) => n === 1),
    /** file, directory, link (without `follow`) or other (a device, a socket, a FIFO). */
    type: z.string().transform((t) => TYPES[t] ?? 'other').optional(),
    /** Permission bits in octal, as Ansible's `mode` ('0644'). */
    mode: z.string().transform((m) => m.padStart(4, '0')).optional(),
    owner: z.string().optional(),
    group: z.string().optional(),
    uid: z.coerce.number().int().optional(),
    gid: z.coerce.number().int().optional(),
    /** Bytes. */
    size: z.coerce.number().int().optional(),
    /** Last modification, in seconds since the epoch. */
    mtime: z.coerce.number().int().optional(),
    /** A regular file's checksum in hex, with the algorithm asked for. */
    checksum: z.string().optional(),
    /** Where a symbolic link points (without `follow`). */
    linkTarget: z.string().optional(),
  }),
  remote: (o) => ({ script: shellScript(script, o.path, o.follow, o.checksum === false ? '' : CHECKSUMS[o.checksum]) }),
  // A link's target travels base64-encoded (it may hold a newline); a read is never a change.
  result: (output) => {
    const { linkTargetBase64, ...data } = output.data;
    return { changed: false, data: { ...data, ...(linkTargetBase64 !== undefined && { linkTarget: Buffer.from(linkTargetBase64, 'base64').toString('utf8') }) } };
  },
});
