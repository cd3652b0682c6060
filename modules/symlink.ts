// symlink: a symbolic link pointing at a target (Ansible's file with state: link). It never
// replaces a file or a directory, nor points at a target that does not exist, unless `force`
// says so; a link that points elsewhere is replaced atomically.
import { z } from 'zod';
import { absolutePathSchema, defineModule, moduleOptions, sh } from 'corectl/module';
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
  schema,
  describe: (o) => `${o.path} -> ${o.target}`,
  remote: (o) => ({
    script: sh`p=${o.path}; t=${o.target}; force=${o.force ? 1 : 0}
if [ -L "$p" ] && [ "$(readlink -- "$p")" = "$t" ]; then exit 0; fi
case $t in /*) abs=$t ;; *) if [ -d "$p" ] && [ ! -L "$p" ]; then abs=$p/$t; else abs=\${p%/*}/$t; fi ;; esac
if [ "$force" = 0 ] && [ ! -e "$abs" ] && ! corectl_planned dir "$abs" && ! corectl_planned file "$abs"; then echo "src file does not exist, use force: true if you really want to create the link: $abs" >&2; exit 1; fi
if [ -L "$p" ]; then corectl_before "$(readlink -- "$p")"
elif [ -d "$p" ]; then
  if [ "$force" = 0 ]; then echo "refusing to convert from directory to symlink for $p" >&2; exit 1; fi
  if [ -n "$(ls -A -- "$p")" ]; then echo "the directory $p is not empty, refusing to convert it" >&2; exit 1; fi
  corectl_before "(empty directory)"
elif [ -e "$p" ]; then
  if [ "$force" = 0 ]; then echo "refusing to convert from file to symlink for $p (force: true replaces it)" >&2; exit 1; fi
  corectl_before "(file)"
else corectl_before "(absent)"; fi
corectl_after "$t"
corectl_tmp="\${p%/*}/.\${p##*/}.corectl.link.$$"
if [ "$corectl_check" = 0 ]; then
  if [ -d "$p" ] && [ ! -L "$p" ]; then rmdir -- "$p" || exit 1; fi
  ln -s -- "$t" "$corectl_tmp" && mv -Tf -- "$corectl_tmp" "$p" || exit 1
fi
corectl_tmp=''
corectl_changed
`,
  }),
  // Without force the run never replaces a file or directory with the link: Ignition is told the
  // same (it then fails at first boot, loudly, where the image has one at path).
  ignition: (o) => ({ storage: { links: [{ path: o.path, target: o.target, overwrite: o.force }] } }),
});
