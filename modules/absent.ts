// absent: nothing at a path (a file, a symlink, or a whole directory tree).
import { posix } from 'node:path';
import { z } from 'zod';
import { absolutePathSchema, defineModule, sh } from 'corectl/module';

// Removing one of these is never what a playbook meant.
const PROTECTED = new Set(['/', '/etc', '/usr', '/var', '/home', '/root', '/boot', '/sysroot', '/bin', '/sbin', '/lib', '/lib64', '/opt', '/srv', '/tmp', '/proc', '/sys', '/dev', '/run']);

/**
 * @example absent({ path: '/etc/chrony.d/old.conf' })
 */
export const absent = defineModule({
  name: 'absent',
  schema: z.strictObject({
    // Compared in normal form: `//etc` or `/etc/.` is still /etc.
    path: absolutePathSchema.refine((p) => !PROTECTED.has(posix.normalize(p).replace(/\/+$/, '') || '/'), 'refusing to remove a top-level system directory'),
  }),
  describe: (o) => o.path,
  remote: (o) => ({
    script: sh`p=${o.path}
if [ -e "$p" ] || [ -L "$p" ]; then
  corectl_changed; corectl_msg "exists"
  if [ "$corectl_check" = 0 ]; then rm -rf -- "$p" || exit 1; fi
fi
`,
  }),
});
