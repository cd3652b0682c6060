// directory: a directory (and its parents) with the given metadata, as Ansible's file module with
// state: directory: every directory it creates gets the mode, owner and group; a symbolic link to
// a directory is followed; `recurse` gives the whole tree the owner, group and mode.
import { z } from 'zod';
import { absolutePathSchema, defineModule, ignitionMode, ignitionOwner, modeSchema, moduleOptions, ownerSchema, shellScript } from 'corectl/module';
import script from './directory.sh';
import { FILE_ANSIBLE_NAMES } from './file.ts';

const schema = moduleOptions(
  'directory',
  {
    path: absolutePathSchema,
    /** Octal ('0755') or symbolic ('u=rwx,g=rx,o=', 'a+X'). */
    mode: modeSchema.optional(),
    owner: ownerSchema.optional(),
    group: ownerSchema.optional(),
    /** Give everything under the directory the same owner, group and mode (symbolic links: their own owner and group). */
    recurse: z.boolean().default(false),
    /**
     * With recurse, what to do with links in the tree: false leaves what they point to (a link gets
     * the owner and group itself); true changes it too, as Ansible's default. Not given, a link
     * that points outside the tree is refused before anything changes.
     */
    follow: z.boolean().optional(),
  },
  FILE_ANSIBLE_NAMES,
);

/**
 * @example directory({ path: '/etc/coredns', mode: '0755' })
 * @example directory({ path: '/srv/www', owner: 'www', group: 'www', mode: 'u=rwX,g=rX,o=', recurse: true })
 */
export const directory = defineModule({
  name: 'directory',
  ansible: 'ansible.builtin.file (state: directory)',
  schema,
  describe: (o) => o.path,
  remote: (o) => ({ script: shellScript(script, o.path, o.mode ?? '', o.owner ?? '', o.group ?? '', o.recurse, o.follow ?? '') }),
  // Ignition makes missing parents root's, 0755; the run gives them the mode and owner too.
  ignition: (o) => {
    if (o.recurse) return { leftToRun: 'recurse walks what the host has under the directory, which Ignition cannot' };
    const user = ignitionOwner(o.owner);
    const group = ignitionOwner(o.group);
    return { storage: { directories: [{ path: o.path, mode: ignitionMode(o.mode, 0o755), ...(user && { user }), ...(group && { group }) }] } };
  },
});
