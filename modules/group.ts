// group: a local group, as Ansible's group module (groupadd, groupmod, groupdel).
import { z } from 'zod';
import { accountNameSchema, defineModule, moduleOptions, shellScript } from 'corectl/module';
import script from './group.sh';
import absentScript from './group-absent.sh';

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
  ansible: 'ansible.builtin.group',
  schema,
  describe: (o) => o.name,
  remote: (o) => ({
    script: o.state === 'absent' ? shellScript(absentScript, o.name) : shellScript(script, o.name, o.gid ?? '', o.system),
  }),
  // Ignition adds the group (and fails at first boot on one the image has already).
  ignition: (o) => (o.state === 'absent'
    ? { leftToRun: 'Ignition cannot remove a group' }
    : { passwd: { groups: [{ name: o.name, ...(o.gid !== undefined && { gid: o.gid }), ...(o.system && { system: true }) }] } }),
});
