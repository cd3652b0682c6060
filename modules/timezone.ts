// timezone: the system's time zone (/etc/localtime) and whether the hardware clock keeps UTC or
// local time, as Ansible's community.general.timezone does on systemd hosts.
import { z } from 'zod';
import { defineModule, moduleOptions, shellScript } from 'corectl/module';
import script from './timezone.sh';

const schema = moduleOptions('timezone', {
  /** A zone of the tz database, as under /usr/share/zoneinfo. @example 'Europe/Paris' */
  name: z.string().regex(/^(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9_+-]+(\/[A-Za-z0-9_+-]+)*$/, 'must be a zone name like Europe/Paris or UTC').optional(),
  /** Whether the hardware clock keeps UTC (recommended) or local time. */
  hwclock: z.enum(['UTC', 'local']).optional(),
}, { rtc: '`hwclock`' }).refine((o) => o.name !== undefined || o.hwclock !== undefined, 'give name, hwclock or both');

/**
 * @example timezone({ name: 'Europe/Paris' })
 */
export const timezone = defineModule({
  name: 'timezone',
  ansible: 'community.general.timezone',
  schema,
  describe: (o) => [o.name, o.hwclock && `RTC in ${o.hwclock}`].filter(Boolean).join(', '),
  remote: (o) => ({ script: shellScript(script, o.name ?? '', o.hwclock ?? '') }),
  // Fedora CoreOS's documented way: the link systemd reads at boot. The RTC mode is timedated's
  // business on a running host.
  ignition: (o) => (o.hwclock !== undefined
    ? { leftToRun: 'the hardware clock mode is set by timedatectl on a running host' }
    : { storage: { links: [{ path: '/etc/localtime', target: `../usr/share/zoneinfo/${o.name}`, overwrite: true }] } }),
});
