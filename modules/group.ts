// group: a local group.
import { z } from 'zod';
import { defineModule, accountNameSchema, sh } from 'corectl/module';

/**
 * @example group({ name: 'etcd', system: true })
 */
export const group = defineModule({
  name: 'group',
  schema: z.strictObject({ name: accountNameSchema, gid: z.number().int().min(0).optional(), system: z.boolean().default(false) }),
  describe: (o) => o.name,
  remote: (o) => ({
    script: sh`g=${o.name}
if ! getent group -- "$g" >/dev/null; then
  corectl_msg "group is missing"
  corectl_plan group "$g"
  if [ "$corectl_check" = 0 ]; then groupadd ${o.system ? ['--system'] : []} ${o.gid !== undefined ? ['--gid', o.gid] : []} -- "$g" || exit 1; fi
  corectl_changed
elif [ -n ${o.gid ?? ''} ] && [ "$(getent group -- "$g" | cut -d: -f3)" != ${o.gid ?? ''} ]; then
  corectl_msg ${`gid -> ${o.gid ?? ''}`}
  if [ "$corectl_check" = 0 ]; then groupmod --gid ${o.gid ?? 0} -- "$g" || exit 1; fi
  corectl_changed
fi
`,
  }),
});
