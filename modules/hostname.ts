// hostname: the static hostname (/etc/hostname) and the running one.
import { z } from 'zod';
import { contentHash, defineModule, ignitionFile, sh } from 'corectl/module';

/**
 * @example hostname({ name: 'ns1.example.net' })
 */
export const hostname = defineModule({
  name: 'hostname',
  schema: z.strictObject({ name: z.string().regex(/^[a-zA-Z0-9]([a-zA-Z0-9.-]{0,252})$/, 'must be a valid host name') }),
  describe: (o) => o.name,
  remote: (o, env) => ({
    stdin: `${o.name}\n`,
    lazyStdin: true,
    script: sh`corectl_file /etc/hostname ${contentHash(`${o.name}\n`)} 644 '' '' ${env.diff ? 1 : 0} || exit 1
now=$(cat /proc/sys/kernel/hostname)
if [ "$now" != ${o.name} ]; then
  corectl_before "$now"; corectl_after ${o.name}
  if [ "$corectl_check" = 0 ]; then hostname ${o.name} || exit 1; fi
  corectl_changed
fi
`,
  }),
  // systemd sets the running hostname from /etc/hostname at boot.
  ignition: (o) => ignitionFile('/etc/hostname', `${o.name}\n`, {}),
});
