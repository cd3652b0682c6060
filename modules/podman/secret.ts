// podman.secret: a secret whose value travels on stdin only, never on a command line, in a log or
// a diff. Compared by the hash (b2sum) of the stored value on the host (`inspect --showsecret`).
import { z } from 'zod';
import { contentHash, defineModule, shellScript } from 'corectl/module';
import script from './secret.sh';
import absentScript from './secret-absent.sh';
import { podmanNameSchema } from './names.ts';

const schema = z.strictObject({
  name: podmanNameSchema,
  value: z.string().optional(),
  state: z.enum(['present', 'absent']).default('present'),
}).refine((o) => o.state === 'absent' || o.value !== undefined, { message: 'a present secret needs a value', path: ['value'] });

/** @example podman.secret({ name: 'tsig-key', value: vars.tsigKey }) */
export const secret = defineModule({
  name: 'podman.secret',
  ansible: 'containers.podman.podman_secret',
  schema,
  describe: (o) => o.name,
  sensitive: () => true,
  remote: (o) => o.state === 'absent'
    ? { become: true, script: shellScript(absentScript, o.name) }
    // The template's output ends with one newline of its own.
    : { become: true, stdin: o.value, script: shellScript(script, o.name, contentHash(`${o.value!}\n`)) },
});
