// podman.volume: a named volume, present or absent (removing one deletes its data: say so).
import { z } from 'zod';
import { defineModule, sh } from 'corectl/module';
import { podmanNameSchema } from './names.ts';

const schema = z.strictObject({
  name: podmanNameSchema,
  state: z.enum(['present', 'absent']).default('present'),
});

/** @example podman.volume({ name: 'coredns-data' }) */
export const volume = defineModule({
  name: 'podman.volume',
  schema,
  describe: (o) => o.name,
  remote: (o) => ({
    become: true,
    script: o.state === 'present'
      ? sh`if ! podman volume exists ${o.name}; then
  corectl_before absent; corectl_after present
  if [ "$corectl_check" = 0 ]; then podman volume create ${o.name} >/dev/null || exit 1; fi
  corectl_changed
fi
`
      : sh`if podman volume exists ${o.name}; then
  corectl_before present; corectl_after 'absent (its data is deleted)'
  if [ "$corectl_check" = 0 ]; then podman volume rm ${o.name} >/dev/null || exit 1; fi
  corectl_changed
fi
`,
  }),
});
