// systemd: a unit's file (optional), whether it is enabled or masked, and whether it runs.
// daemon-reload happens only when the unit file changed; start/stop only when the state differs.
import { z } from 'zod';
import { defineModule, moduleOptions, unitNameSchema, sh, contentHash } from 'corectl/module';

const schema = moduleOptions('systemd', {
  /** The unit, e.g. 'chronyd.service'. */
  unit: unitNameSchema,
  /** Content of /etc/systemd/system/UNIT; omit to manage an existing unit. */
  content: z.string().optional(),
  enabled: z.boolean().optional(),
  masked: z.boolean().optional(),
  /** restarted and reloaded always act (use them in handlers). */
  state: z.enum(['started', 'stopped', 'restarted', 'reloaded']).optional(),
}, {
  name: '`unit`', daemon_reload: 'nothing yet: the manager is reloaded when the unit file changes', daemon_reexec: 'nothing yet', scope: 'nothing yet: system units only',
  no_block: 'nothing yet',
});

type Options = z.output<typeof schema>;

function unitFileScript(o: Options, diff: boolean): string {
  if (o.content === undefined) return '';
  return sh`corectl_file ${`/etc/systemd/system/${o.unit}`} ${contentHash(o.content)} 644 '' '' ${diff ? 1 : 0} || exit 1
if [ "$corectl_file_changed" = 1 ] && [ "$corectl_check" = 0 ]; then systemctl daemon-reload || exit 1; fi
`;
}

function maskScript(o: Options): string {
  if (o.masked === undefined) return '';
  const want = o.masked ? 'masked' : 'not masked';
  return sh`s=$(systemctl is-enabled -- "$u" 2>/dev/null)
case "$s" in masked|masked-runtime) now=masked ;; *) now='not masked' ;; esac
if [ "$now" != ${want} ]; then
  corectl_before "$now"; corectl_after ${want}
  if [ "$corectl_check" = 0 ]; then systemctl ${o.masked ? 'mask' : 'unmask'} -- "$u" || exit 1; fi
  corectl_changed
fi
`;
}

function enableScript(o: Options): string {
  if (o.enabled === undefined) return '';
  return sh`s=$(systemctl is-enabled -- "$u" 2>/dev/null)
case "$s" in enabled|enabled-runtime|alias) now=enabled ;; static|generated|transient|indirect) now=$s ;; *) now=disabled ;; esac
case "$now" in
  enabled|disabled)
    if [ "$now" != ${o.enabled ? 'enabled' : 'disabled'} ]; then
      corectl_before "$now"; corectl_after ${o.enabled ? 'enabled' : 'disabled'}
      if [ "$corectl_check" = 0 ]; then systemctl ${o.enabled ? 'enable' : 'disable'} -- "$u" || exit 1; fi
      corectl_changed
    fi ;;
  *) corectl_msg "unit is $now: it cannot be enabled or disabled" ;;
esac
`;
}

function stateScript(o: Options): string {
  switch (o.state) {
    case undefined:
      return '';
    case 'started':
    case 'stopped': {
      const wantActive = o.state === 'started';
      return sh`a=$(systemctl is-active -- "$u" 2>/dev/null)
case "$a" in active|activating|reloading) now=active ;; *) now=inactive ;; esac
if [ "$now" != ${wantActive ? 'active' : 'inactive'} ]; then
  corectl_before "$a"; corectl_after ${wantActive ? 'active' : 'inactive'}
  if [ "$corectl_check" = 0 ]; then systemctl ${wantActive ? 'start' : 'stop'} -- "$u" || exit 1; fi
  corectl_changed
fi
`;
    }
    default:
      return sh`corectl_msg ${o.state}
if [ "$corectl_check" = 0 ]; then systemctl ${o.state === 'restarted' ? 'restart' : 'reload'} -- "$u" || exit 1; fi
corectl_changed
`;
  }
}

/**
 * @example systemd({ unit: 'chronyd.service', enabled: true, state: 'started' })
 * @example systemd({ unit: 'site-report.service', content: '[Service]\nExecStart=/usr/local/bin/report\n', enabled: true })
 */
export const systemd = defineModule({
  name: 'systemd',
  schema,
  describe: (o) => o.unit,
  remote: (o, env) => ({
    script: `${sh`u=${o.unit}`}\n${unitFileScript(o, env.diff)}${maskScript(o)}${enableScript(o)}${stateScript(o)}`,
    stdin: o.content,
    lazyStdin: true,
  }),
});
