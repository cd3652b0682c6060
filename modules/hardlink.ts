// hardlink: a hard link to an existing file (Ansible's file with state: hard). A file or another
// link already at path is replaced only with `force`.
import { z } from 'zod';
import { absolutePathSchema, defineModule, modeSchema, moduleOptions, ownerSchema, shellScript } from 'corectl/module';
import script from './hardlink.sh';
import { FILE_ANSIBLE_NAMES } from './file.ts';

const schema = moduleOptions(
  'hardlink',
  {
    /** Where the new name is. @example '/etc/ssl/certs/site.pem' */
    path: absolutePathSchema,
    /** The existing file it names (an absolute path). @example '/etc/pki/site.pem' */
    target: absolutePathSchema,
    /** Replace a file or a different hard link at path. */
    force: z.boolean().default(false),
    mode: modeSchema.optional(),
    owner: ownerSchema.optional(),
    group: ownerSchema.optional(),
  },
  { ...FILE_ANSIBLE_NAMES, src: '`target`' },
);

/**
 * @example hardlink({ path: '/etc/ssl/certs/site.pem', target: '/etc/pki/site.pem' })
 */
export const hardlink = defineModule({
  name: 'hardlink',
  ansible: 'ansible.builtin.file (state: hard)',
  schema,
  describe: (o) => `${o.path} => ${o.target}`,
  remote: (o) => ({ script: shellScript(script, o.path, o.target, o.force, o.mode ?? '', o.owner ?? '', o.group ?? '') }),
});
