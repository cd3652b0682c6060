// hostname: the static hostname (/etc/hostname) and the running one.
import { z } from 'zod';
import { contentHash, defineModule, ignitionFile, shellScript } from 'corectl/module';
import script from './hostname.sh';

/**
 * @example hostname({ name: 'ns1.example.net' })
 */
export const hostname = defineModule({
  name: 'hostname',
  ansible: 'ansible.builtin.hostname',
  schema: z.strictObject({ name: z.string().regex(/^[a-zA-Z0-9]([a-zA-Z0-9.-]{0,252})$/, 'must be a valid host name') }),
  describe: (o) => o.name,
  remote: (o, env) => ({
    stdin: `${o.name}\n`,
    lazyStdin: true,
    script: shellScript(script, o.name, contentHash(`${o.name}\n`), env.diff),
  }),
  // systemd sets the running hostname from /etc/hostname at boot.
  ignition: (o) => ignitionFile('/etc/hostname', `${o.name}\n`, {}),
});
