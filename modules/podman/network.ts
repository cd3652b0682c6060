// podman.network: a named network, with the subnet asked for. A network with another subnet is
// reported and recreated (podman refuses while containers use it, and says so).
import { z } from 'zod';
import { defineModule, sh } from 'corectl/module';
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
  schema,
  describe: (o) => o.name,
  remote: (o) => {
    const create = sh`podman network create ${o.subnet ? ['--subnet', o.subnet] : []} ${o.internal ? ['--internal'] : []} ${o.name} >/dev/null || exit 1`;
    if (o.state === 'absent') {
      return { become: true, script: sh`if podman network exists ${o.name}; then
  corectl_before present; corectl_after absent
  if [ "$corectl_check" = 0 ]; then podman network rm ${o.name} >/dev/null || exit 1; fi
  corectl_changed
fi
` };
    }
    const want = `${o.subnet ?? 'any'} internal=${o.internal}`;
    return {
      become: true,
      script: `${sh`if podman network exists ${o.name}; then
  have=$(podman network inspect --format '{{range .Subnets}}{{.Subnet}}{{end}} internal={{.Internal}}' ${o.name}) || exit 1
  [ ${o.subnet ? 1 : 0} = 1 ] || have="any \${have#* }"
  if [ "$have" != ${want} ]; then
    corectl_before "$have"; corectl_after ${want}
    if [ "$corectl_check" = 0 ]; then podman network rm ${o.name} >/dev/null || exit 1
`}      ${create}
    fi
    corectl_changed
  fi
else
  corectl_before absent; corectl_after ${sh`${want}`}
  if [ "$corectl_check" = 0 ]; then ${create}; fi
  corectl_changed
fi
`,
    };
  },
});
