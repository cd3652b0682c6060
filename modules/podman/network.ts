// podman.network: a named network, with the subnet asked for. A network with another subnet is
// reported and recreated (podman refuses while containers use it, and says so).
import { z } from 'zod';
import { defineModule, shellScript } from 'corectl/module';
import script from './network.sh';
import absentScript from './network-absent.sh';
import { podmanNameSchema } from './names.ts';

const schema = z.strictObject({
  name: podmanNameSchema,
  /** @example '10.89.10.0/24' */
  subnet: z.string().regex(/^[0-9a-fA-F.:]+\/\d{1,3}$/, 'must be a CIDR subnet').optional(),
  internal: z.boolean().default(false),
  state: z.enum(['present', 'absent']).default('present'),
});

/** @example podman.network({ name: 'dns', subnet: '10.89.10.0/24' }) */
export const network = defineModule({
  name: 'podman.network',
  ansible: 'containers.podman.podman_network',
  schema,
  describe: (o) => o.name,
  remote: (o) => ({
    become: true,
    script: o.state === 'absent' ? shellScript(absentScript, o.name) : shellScript(script, o.name, o.subnet ?? '', String(o.internal)),
  }),
});
