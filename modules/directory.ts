// directory: a directory (and its parents) with the given metadata.
import { z } from 'zod';
import { absolutePathSchema, defineModule, modeSchema, accountNameSchema, sh } from 'corectl/module';

/**
 * @example directory({ path: '/etc/coredns', mode: '0755' })
 */
export const directory = defineModule({
  name: 'directory',
  schema: z.strictObject({
    path: absolutePathSchema,
    mode: modeSchema.optional(),
    owner: accountNameSchema.optional(),
    group: accountNameSchema.optional(),
  }),
  describe: (o) => o.path,
  remote: (o) => ({
    script: sh`p=${o.path}
if [ -d "$p" ]; then
  corectl_meta "$p" ${o.mode ?? ''} ${o.owner ?? ''} ${o.group ?? ''} || exit 1
  if [ "$corectl_meta_changed" = 1 ]; then corectl_changed; fi
elif [ -e "$p" ] || [ -L "$p" ]; then
  echo "$p exists and is not a directory" >&2; exit 1
else
  corectl_changed; corectl_msg "directory is missing"
  if [ "$corectl_check" = 0 ]; then
    mkdir -p -- "$p" || exit 1
    corectl_meta "$p" ${o.mode ?? ''} ${o.owner ?? ''} ${o.group ?? ''} >/dev/null || exit 1
    corectl_relabel "$p"
  fi
fi
`,
  }),
});
