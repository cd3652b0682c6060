// symlink: a symbolic link pointing at a target; replaced atomically when it points elsewhere.
import { z } from 'zod';
import { absolutePathSchema, defineModule, sh } from 'corectl/module';

/**
 * @example symlink({ path: '/etc/localtime', target: '/usr/share/zoneinfo/UTC' })
 */
export const symlink = defineModule({
  name: 'symlink',
  schema: z.strictObject({ path: absolutePathSchema, target: z.string().min(1) }),
  describe: (o) => `${o.path} -> ${o.target}`,
  remote: (o) => ({
    script: sh`p=${o.path}; t=${o.target}
if [ -L "$p" ] && [ "$(readlink -- "$p")" = "$t" ]; then exit 0; fi
if [ -d "$p" ] && [ ! -L "$p" ]; then echo "$p is a directory" >&2; exit 1; fi
corectl_changed
if [ -L "$p" ]; then corectl_before "$(readlink -- "$p")"; else corectl_before "(absent)"; fi
corectl_after "$t"
if [ "$corectl_check" = 0 ]; then
  corectl_tmp="$(dirname -- "$p")/.corectl.link.$$"
  ln -s -- "$t" "$corectl_tmp" && mv -Tf -- "$corectl_tmp" "$p" || exit 1
  corectl_tmp=''
fi
`,
  }),
});
