// symlink: a symbolic link pointing at a target (Ansible's file with state: link). It never
// replaces a file or a directory, nor points at a target that does not exist, unless `force`
// says so; a link that points elsewhere is replaced atomically.
import { z } from 'zod';
import { absolutePathSchema, defineModule, moduleOptions, shellScript } from 'corectl/module';
import script from './symlink.sh';
import { FILE_ANSIBLE_NAMES } from './file.ts';

const schema = moduleOptions(
  'symlink',
  {
    /** Where the link is. @example '/etc/localtime' */
    path: absolutePathSchema,
    /** What it points at, as written into the link (relative to the link's directory when relative). @example '/usr/share/zoneinfo/UTC' */
    target: z.string().min(1).refine((t) => !t.includes('\0'), 'must not contain NUL'),
    /** Replace a file or an empty directory at path, and allow a target that does not exist. */
    force: z.boolean().default(false),
  },
  { ...FILE_ANSIBLE_NAMES, src: '`target`' },
);

/**
 * @example symlink({ path: '/etc/localtime', target: '/usr/share/zoneinfo/UTC' })
 */
export const symlink = defineModule({
  name: 'symlink',
  ansible: 'ansible.builtin.file (state: link)',
  schema,
  describe: (o) => `${o.path} -> ${o.target}`,
  remote: (o) => ({ script: shellScript(script, o.path, o.target, o.force) }),
  // Without force the run never replaces a file or directory with the link: Ignition is told the
  // same (it then fails at first boot, loudly, where the image has one at path).
  ignition: (o) => ({ storage: { links: [{ path: o.path, target: o.target, overwrite: o.force }] } }),
});
