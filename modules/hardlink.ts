// hardlink: a hard link to an existing file (Ansible's file with state: hard). A file or another
// link already at path is replaced only with `force`.
import { z } from 'zod';
import { absolutePathSchema, defineModule, modeSchema, moduleOptions, ownerSchema, sh } from 'corectl/module';
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
  schema,
  describe: (o) => `${o.path} => ${o.target}`,
  remote: (o) => ({
    script: sh`p=${o.path}; t=${o.target}; force=${o.force ? 1 : 0}
if [ ! -e "$t" ]; then echo "src does not exist: $t" >&2; exit 1; fi
link=1
if [ -L "$p" ]; then corectl_before "symbolic link to $(readlink -- "$p")"
elif [ -d "$p" ]; then
  if [ "$(stat -L -c %d:%i -- "$p")" = "$(stat -L -c %d:%i -- "$t")" ]; then link=0
  else echo "Cannot link: $p is a directory" >&2; exit 1; fi
elif [ -e "$p" ]; then
  if [ "$(stat -c %d:%i -- "$p")" = "$(stat -L -c %d:%i -- "$t")" ]; then link=0
  elif [ "$force" = 0 ]; then
    if [ "$(stat -c %h -- "$p")" -gt 1 ]; then echo "Cannot link, different hard link exists at destination: $p" >&2; else echo "Cannot link, file exists at destination: $p (force: true replaces it)" >&2; fi
    exit 1
  else corectl_before "another file"; fi
else corectl_before "(absent)"; fi
if [ "$link" = 1 ]; then
  corectl_after "$t"
  corectl_known_user ${o.owner ?? ''} && corectl_known_group ${o.group ?? ''} || exit 1
  corectl_tmp="\${p%/*}/.\${p##*/}.corectl.link.$$"
  if [ "$corectl_check" = 0 ]; then ln -- "$t" "$corectl_tmp" && mv -Tf -- "$corectl_tmp" "$p" || exit 1; fi
  corectl_tmp=''
  corectl_changed
  [ "$corectl_check" = 1 ] && exit 0
fi
corectl_meta "$p" ${o.mode ?? ''} ${o.owner ?? ''} ${o.group ?? ''} || exit 1
`,
  }),
});
