// directory: a directory (and its parents) with the given metadata, as Ansible's file module with
// state: directory: every directory it creates gets the mode, owner and group; a symbolic link to
// a directory is followed; `recurse` gives the whole tree the owner, group and mode.
import { z } from 'zod';
import { absolutePathSchema, defineModule, ignitionMode, ignitionOwner, modeSchema, moduleOptions, ownerSchema, raw, sh } from 'corectl/module';
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
  },
  FILE_ANSIBLE_NAMES,
);

type Options = z.output<typeof schema>;

// Ansible follows links inside the tree too and changes what they point to; outside the tree
// that would change files nobody asked about, so corectl refuses instead.
function recurseScript(o: Options): string {
  return sh`case "$p" in *'
'*) echo "recurse: a path with a newline in it is not supported" >&2; exit 1 ;; esac
if [ -n "$(find "$p" -name '*
*' -print -quit)" ]; then echo "recurse: $p holds a name with a newline in it, which is not supported" >&2; exit 1; fi
corectl_mkscratch || exit 1
find "$p" -mindepth 1 -type l > "$corectl_scratch" || exit 1
while IFS= read -r f; do
  t=$(readlink -f -- "$f") || continue
  [ -e "$t" ] || continue
  case "$t/" in "$p"/*) ;; *) echo "recurse: $f is a symbolic link to $t, outside $p: Ansible would follow it and change $t; corectl refuses" >&2; exit 1 ;; esac
  corectl_meta "$f" '' ${o.owner ?? ''} ${o.group ?? ''} || exit 1
done < "$corectl_scratch"
find "$p" -mindepth 1 ! -type l > "$corectl_scratch" || exit 1
while IFS= read -r f; do corectl_meta "$f" ${o.mode ?? ''} ${o.owner ?? ''} ${o.group ?? ''} || exit 1; done < "$corectl_scratch"
`;
}

/**
 * @example directory({ path: '/etc/coredns', mode: '0755' })
 * @example directory({ path: '/srv/www', owner: 'www', group: 'www', mode: 'u=rwX,g=rX,o=', recurse: true })
 */
export const directory = defineModule({
  name: 'directory',
  schema,
  describe: (o) => o.path,
  remote: (o) => ({
    script: sh`p=${o.path}
if [ -L "$p" ]; then p=$(readlink -f -- "$p") || exit 1; fi
if [ -d "$p" ]; then
  corectl_meta "$p" ${o.mode ?? ''} ${o.owner ?? ''} ${o.group ?? ''} || exit 1
  ${raw(o.recurse ? recurseScript(o) : ':')}
elif [ -e "$p" ]; then
  echo "$p already exists as a $(stat -c %F -- "$p")" >&2; exit 1
else
  corectl_msg "directory is missing"
  corectl_known_user ${o.owner ?? ''} && corectl_known_group ${o.group ?? ''} || exit 1
  # Like mkdir -p, but each directory made gets the metadata, as Ansible does.
  d=''; rest=\${p#/}
  while [ -n "$rest" ]; do
    d="$d/\${rest%%/*}"; case $rest in */*) rest=\${rest#*/} ;; *) rest='' ;; esac
    [ -n "\${d##*/}" ] || continue
    if [ -e "$d" ] && [ ! -d "$d" ]; then echo "There was an issue creating $p: $d is not a directory" >&2; exit 1; fi
    if [ ! -e "$d" ]; then
      corectl_act mkdir -- "$d" || exit 1
      if [ "$corectl_check" = 1 ]; then corectl_plan dir "$d"; continue; fi
      corectl_meta "$d" ${o.mode ?? ''} ${o.owner ?? ''} ${o.group ?? ''} quiet || exit 1
      corectl_relabel "$d"
    fi
  done
fi
`,
  }),
  // Ignition makes missing parents root's, 0755; the run gives them the mode and owner too.
  ignition: (o) => {
    if (o.recurse) return { leftToRun: 'recurse walks what the host has under the directory, which Ignition cannot' };
    const user = ignitionOwner(o.owner);
    const group = ignitionOwner(o.group);
    return { storage: { directories: [{ path: o.path, mode: ignitionMode(o.mode, 0o755), ...(user && { user }), ...(group && { group }) }] } };
  },
});
