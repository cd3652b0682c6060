// podman.secret: a secret whose value travels on stdin only, never on a command line, in a log or
// a diff. Compared by the hash (b2sum) of the stored value on the host (`inspect --showsecret`).
import { z } from 'zod';
import { defineModule, sh, contentHash } from 'corectl/module';
import { podmanNameSchema } from './names.ts';

const schema = z.strictObject({
  name: podmanNameSchema,
  value: z.string().optional(),
  state: z.enum(['present', 'absent']).default('present'),
}).refine((o) => o.state === 'absent' || o.value !== undefined, { message: 'a present secret needs a value', path: ['value'] });

/** @example podman.secret({ name: 'tsig-key', value: vars.tsigKey }) */
export const secret = defineModule({
  name: 'podman.secret',
  schema,
  describe: (o) => o.name,
  sensitive: () => true,
  remote: (o) => o.state === 'absent'
    ? { become: true, script: sh`if podman secret exists ${o.name}; then
  if [ "$corectl_check" = 0 ]; then podman secret rm ${o.name} >/dev/null || exit 1; fi
  corectl_changed
fi
` }
    : {
      become: true,
      stdin: o.value,
      script: sh`have=''
if podman secret exists ${o.name}; then
  # The template's output ends with one newline of its own.
  have=$(podman secret inspect --showsecret --format '{{.SecretData}}' ${o.name} | b2sum) || exit 1
  have=\${have%% *}
fi
if [ "$have" != ${contentHash(`${o.value!}\n`)} ]; then
  if [ -z "$have" ]; then corectl_msg 'secret is missing'; else corectl_msg 'secret value differs'; fi
  if [ "$corectl_check" = 0 ]; then podman secret create --replace ${o.name} - >/dev/null || exit 1; fi
  corectl_changed
fi
`,
    },
});
