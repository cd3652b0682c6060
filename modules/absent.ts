// absent: nothing at a path (a file, a symlink, or a whole directory tree).
import { posix } from 'node:path';
import { absolutePathSchema, defineModule, moduleOptions, shellScript } from 'corectl/module';
import script from './absent.sh';
import { FILE_ANSIBLE_NAMES } from './file.ts';

// Removing one of these is never what a playbook meant.
const PROTECTED = new Set(['/', '/etc', '/usr', '/var', '/home', '/root', '/boot', '/sysroot', '/bin', '/sbin', '/lib', '/lib64', '/opt', '/srv', '/tmp', '/proc', '/sys', '/dev', '/run']);

/**
 * @example absent({ path: '/etc/chrony.d/old.conf' })
 */
export const absent = defineModule({
  name: 'absent',
  ansible: 'ansible.builtin.file (state: absent)',
  schema: moduleOptions(
    'absent',
    {
      // Compared in normal form: `//etc` or `/etc/.` is still /etc.
      path: absolutePathSchema.refine((p) => !PROTECTED.has(posix.normalize(p).replace(/\/+$/, '') || '/'), 'refusing to remove a top-level system directory'),
    },
    FILE_ANSIBLE_NAMES,
  ),
  describe: (o) => o.path,
  remote: (o) => ({ script: shellScript(script, o.path) }),
  ignition: () => ({ leftToRun: 'Ignition cannot remove what the image has at a path' }),
});
