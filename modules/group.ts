// group: a local group, as Ansible's group module (groupadd, groupmod, groupdel).
import { z } from 'zod';
import { accountNameSchema, defineModule, moduleOptions, sh } from 'corectl/module';

const schema = moduleOptions(
  'group',
  {
    name: accountNameSchema,
    state: z.enum(['present', 'absent']).default('present'),
    gid: z.number().int().min(0).optional(),
    /** A system group (its gid from the system range), when it is created. */
    system: z.boolean().default(false),
  },
  { non_unique: 'nothing: a gid another group has is refused by groupadd', local: 'nothing: /etc/group is where groups are' },
);

/**
 * @example group({ name: 'etcd', system: true })
 * @example group({ name: 'old-team', state: 'absent' })
 */
export const group = defineModule({
  name: 'group',
  schema,
  describe: (o) => o.name,
  remote: (o) => ({
    script: o.state === 'absent'
      ? sh`g=${o.name}
if getent group "$g" >/dev/null; then
  corectl_msg "group exists"
  corectl_act groupdel -- "$g" || exit 1
fi
`
      : sh`g=${o.name}
if [ -n ${o.gid ?? ''} ] && other=$(getent group ${o.gid ?? ''}) && [ "\${other%%:*}" != "$g" ]; then
  echo "GID '"${o.gid ?? ''}"' already exists with group '\${other%%:*}'" >&2; exit 1
fi
if ! getent group "$g" >/dev/null; then
  corectl_msg "group is missing"
  corectl_plan group "$g"
  if [ "$corectl_check" = 0 ]; then groupadd ${o.system ? ['--system'] : []} ${o.gid !== undefined ? ['--gid', o.gid] : []} -- "$g" || exit 1; fi
  corectl_changed
elif [ -n ${o.gid ?? ''} ] && [ "$(getent group "$g" | cut -d: -f3)" != ${o.gid ?? ''} ]; then
  corectl_msg ${`gid -> ${o.gid ?? ''}`}
  if [ "$corectl_check" = 0 ]; then groupmod --gid ${o.gid ?? 0} -- "$g" || exit 1; fi
  corectl_changed
fi
`,
  }),
  // Ignition adds the group (and fails at first boot on one the image has already).
  ignition: (o) => (o.state === 'absent'
    ? { leftToRun: 'Ignition cannot remove a group' }
    : { passwd: { groups: [{ name: o.name, ...(o.gid !== undefined && { gid: o.gid }), ...(o.system && { system: true }) }] } }),
});
