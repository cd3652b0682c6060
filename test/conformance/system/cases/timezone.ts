// timezone against community.general.timezone. The zone and the RTC mode are one state per host,
// so its cases are plays (as the language cases are), each from its own start state: a task, then
// the same task again, then another, compared result by result and by the state left.
import { timezone } from '../../../../modules/index.ts';
import type { LanguageCase } from '../../language/language-case.ts';

// timedated may be running with the state it read before the setup; it is asked, not bypassed.
const reset = 'timedatectl set-local-rtc no && timedatectl set-timezone Etc/UTC';
const probe = 'readlink /etc/localtime || echo "not a link"; cat /etc/adjtime 2>/dev/null || echo "no adjtime"; timedatectl show -p Timezone -p LocalRTC';

interface Step { name: string; ansible: Record<string, unknown>; corectl: { name?: string; hwclock?: 'UTC' | 'local' }; ignoreErrors?: boolean }

const tz = (id: string, source: 'ansible' | 'edge', steps: Step[], setup = reset): LanguageCase => ({
  id: `timezone-${id}`, source, setup, probe,
  ansible: steps.map((s) => ({ name: s.name, 'community.general.timezone': s.ansible, ...(s.ignoreErrors && { ignore_errors: true }) })),
  corectl: (play) => { for (const s of steps) play.task(s.name, timezone(s.corectl), s.ignoreErrors ? { ignoreErrors: true } : {}); },
});

const zone = (name: string, label = name): Step => ({ name: `zone ${label}`, ansible: { name }, corectl: { name } });
const rtc = (hwclock: 'UTC' | 'local'): Step => ({ name: `rtc ${hwclock}`, ansible: { hwclock }, corectl: { hwclock } });

export const timezoneCases: LanguageCase[] = [
  tz('set-again-back', 'ansible', [zone('Europe/Paris'), zone('Europe/Paris', 'Europe/Paris again'), zone('Etc/UTC')]),
  tz('deep-name', 'ansible', [zone('America/Argentina/Buenos_Aires'), zone('America/Argentina/Buenos_Aires', 'again')]),
  // Etc/UTC and UTC are the same zone by two names: both tools compare names.
  tz('other-name-same-zone', 'edge', [zone('UTC'), zone('Etc/UTC')]),
  tz('unknown-zone', 'ansible', [{ ...zone('Mars/Olympus_Mons'), ignoreErrors: true }, zone('Asia/Tokyo')]),
  tz('hwclock', 'ansible', [rtc('local'), { ...rtc('local'), name: 'rtc local again' }, rtc('UTC')]),
  tz('rtc-alias', 'ansible', [{ name: 'rtc by its alias', ansible: { rtc: 'local' }, corectl: { hwclock: 'local' } }]),
  tz('zone-and-hwclock', 'ansible', [
    { name: 'both', ansible: { name: 'Europe/Berlin', hwclock: 'local' }, corectl: { name: 'Europe/Berlin', hwclock: 'local' } },
    { name: 'both again', ansible: { name: 'Europe/Berlin', hwclock: 'local' }, corectl: { name: 'Europe/Berlin', hwclock: 'local' } },
    { name: 'one differs', ansible: { name: 'Europe/Berlin', hwclock: 'UTC' }, corectl: { name: 'Europe/Berlin', hwclock: 'UTC' } },
  ]),
  // A copy of the zone file (not a link): timedated knows no zone there.
  tz('localtime-a-copy', 'edge', [zone('Etc/UTC')], `${reset} && systemctl stop systemd-timedated && cp --remove-destination /usr/share/zoneinfo/Etc/UTC /etc/localtime`),
  // An absolute link, as Debian's installer makes it: the same zone, nothing to do.
  tz('absolute-link', 'edge', [zone('Etc/UTC')], `${reset} && systemctl stop systemd-timedated && ln -sfn /usr/share/zoneinfo/Etc/UTC /etc/localtime`),
];
