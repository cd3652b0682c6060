// fetch: a file from the host to the controller, as Ansible's fetch: under DEST/HOST/PATH (or at
// DEST itself with `flat`), written only when its bytes differ (compared by sha1), atomically;
// check mode says what it would write and writes nothing. The host is only read.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { absolutePathSchema, defineModule, moduleOptions, shellScript } from 'corectl/module';
import script from './slurp.sh';

/**
 * @example play.task('kubeconfig', fetch({ path: '/etc/kubernetes/admin.conf', dest: 'fetched' }))
 */
export const fetch = defineModule({
  name: 'fetch',
  ansible: 'ansible.builtin.fetch',
  schema: moduleOptions('fetch', {
    /** The file on the host (a symbolic link is followed). @example '/etc/kubernetes/admin.conf' */
    path: absolutePathSchema,
    /** A directory on the controller (relative to where corectl runs): the file lands at DEST/HOST/PATH. @example 'fetched' */
    dest: z.string().min(1),
    /** Put the file at DEST itself (or DEST/BASENAME when DEST ends with /), as Ansible's `flat`. */
    flat: z.boolean().default(false),
    /** A missing file fails the task (Ansible's default); false: nothing is fetched and the task is ok. */
    failOnMissing: z.boolean().default(true),
  }, { src: '`path`', fail_on_missing: '`failOnMissing`', validate_checksum: 'nothing: the bytes are always checked against the host\'s sha1' }),
  describe: (o) => o.path,
  remote: (o) => ({ script: shellScript(script, o.path) }),
  resultData: z.object({
    /** Where the file is (or would be) on the controller. */
    dest: z.string().optional(),
    /** Its sha1, in hex. */
    sha1: z.string().optional(),
  }),
  // A missing file is ok when failOnMissing is false: slurp.sh says so with exit code 2.
  result: (output, o) => (output.exitCode === 2 && !o.failOnMissing ? { status: 'ok', failed: false, exitCode: 0, message: `${o.path}: not on the host; nothing fetched`, data: {} } : { stdout: '' }),
  controller: async (output, o, env) => {
    const bytes = Buffer.from(output.data.content ?? '', 'base64');
    const sha1 = createHash('sha1').update(bytes).digest('hex');
    if (sha1 !== output.data.sha1) throw new Error(`${o.path}: what arrived does not match the host's sha1 (${output.data.sha1}); nothing was written`);
    const dest = resolve(o.flat ? (o.dest.endsWith('/') ? join(o.dest, o.path.split('/').at(-1)!) : o.dest) : join(o.dest, env.context.host, o.path));
    const before = await readFile(dest).catch(() => undefined);
    const data = { dest, sha1 };
    if (before && createHash('sha1').update(before).digest('hex') === sha1) return { data };
    if (!env.check) {
      await mkdir(dirname(dest), { recursive: true });
      const temp = `${dest}.corectl-${process.pid}`;
      await writeFile(temp, bytes, { mode: 0o600 });
      await rename(temp, dest);
    }
    return { changed: true, message: `${before ? 'replaced' : 'fetched to'} ${dest}`, data };
  },
});
