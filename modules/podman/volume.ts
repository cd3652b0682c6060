// podman.volume: a named volume, present or absent (removing one deletes its data: say so).
import { z } from 'zod';
import { defineModule, shellScript } from 'corectl/module';
import script from './volume.sh';
import { podmanNameSchema } from './names.ts';

const schema = z.strictObject({
  name: podmanNameSchema,
  state: z.enum(['present', 'absent']).default('present'),
});

/** @example podman.volume({ name: 'coredns-data' }) */
export const volume = defineModule({
  name: 'podman.volume',
  ansible: 'containers.podman.podman_volume',
  schema,
  describe: (o) => o.name,
  remote: (o) => ({
    become: true,
    script: shellScript(script, o.name, o.state),
  }),
});
