// systemd: a unit's file (optional), whether it is enabled or masked, and whether it runs, as
// Ansible's systemd_service. The manager is reloaded when the unit file changed, and also before
// acting when systemd says the unit changed on disk (NeedDaemonReload: a file task wrote it).
// A unit that does not exist, a masked unit to start, or a unit file in the way of a mask fail in
// check mode as in the real run.
import { z } from 'zod';
import { contentHash, defineModule, moduleOptions, raw, sh, unitNameSchema, type IgnitionRendering } from 'corectl/module';

const schema = moduleOptions(
  'systemd',
  {
    /** The unit, e.g. 'chronyd.service'. */
    unit: unitNameSchema.optional(),
    /** Content of the unit file (/etc/systemd/system/UNIT, or ~/.config/systemd/user/UNIT for scope user). */
    content: z.string().optional(),
    enabled: z.boolean().optional(),
    masked: z.boolean().optional(),
    /** restarted and reloaded always act (use them in handlers); on a stopped unit they start it, as in Ansible. */
    state: z.enum(['started', 'stopped', 'restarted', 'reloaded']).optional(),
    /** Reload the manager first, always (it is also reloaded whenever a unit file changed). */
    daemonReload: z.boolean().default(false),
    /** Re-execute the manager first. */
    daemonReexec: z.boolean().default(false),
    /** system (the default), user (the user's own manager: become that user) or global (every user's). */
    scope: z.enum(['system', 'user', 'global']).default('system'),
    /** Do not wait for a start or stop to finish. */
    noBlock: z.boolean().default(false),
    /** enable/mask: overwrite conflicting symlinks. */
    force: z.boolean().default(false),
  },
  { name: '`unit`', service: '`unit`', daemon_reload: '`daemonReload`', daemon_reexec: '`daemonReexec`', no_block: '`noBlock`' },
)
  .refine((o) => o.unit !== undefined || (o.content === undefined && o.enabled === undefined && o.masked === undefined && o.state === undefined), 'unit is required with content, enabled, masked or state')
  .refine((o) => o.unit !== undefined || o.daemonReload || o.daemonReexec, 'give unit, or daemonReload/daemonReexec')
  .refine((o) => o.scope !== 'global' || o.state === undefined, "scope global manages enablement only: no state");

type Options = z.output<typeof schema>;

function preamble(o: Options): string {
  const flags = [...(o.scope !== 'system' ? [`--${o.scope}`] : []), ...(o.noBlock ? ['--no-block'] : []), ...(o.force ? ['--force'] : [])];
  return sh`sc() { systemctl ${flags} "$@"; }
${raw(o.scope === 'user' ? 'export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/run/user/$(id -u)}"\n' : '')}${raw(o.daemonReexec ? 'corectl_msg "daemon-reexec"; if [ "$corectl_check" = 0 ]; then sc daemon-reexec || exit 1; fi\n' : '')}${raw(o.daemonReload ? 'corectl_msg "daemon-reload"; if [ "$corectl_check" = 0 ]; then sc daemon-reload || exit 1; fi\n' : '')}`;
}

function unitFileScript(o: Options, diff: boolean): string {
  if (o.content === undefined) return '';
  const dir = o.scope === 'user' ? '"$HOME/.config/systemd/user"' : '/etc/systemd/system';
  return `d=${dir}; corectl_ensure_dir "$d" || exit 1
${sh`corectl_file "$d/$u" ${contentHash(o.content)} 644 '' '' ${diff ? 1 : 0} || exit 1
if [ "$corectl_file_changed" = 1 ] && [ "$corectl_check" = 0 ] && [ ${o.scope} != global ]; then sc daemon-reload || exit 1; fi
`}`;
}

/** The unit must exist for enabled and state; a unit file this run would write counts. */
function existsScript(o: Options): string {
  if (o.enabled === undefined && o.state === undefined) return '';
  return sh`load=$(sc show -p LoadState --value -- "$u" 2>/dev/null)
if [ "$load" = not-found ] && [ ${o.content === undefined ? 0 : 1} = 0 ] && ! corectl_planned file "/etc/systemd/system/$u"; then
  echo "Could not find the requested service $u: host" >&2; exit 1
fi
`;
}

function maskScript(o: Options): string {
  if (o.masked === undefined) return '';
  const want = o.masked ? 'masked' : 'not masked';
  return sh`s=$(sc is-enabled -- "$u" 2>/dev/null)
case "$s" in masked|masked-runtime) now=masked ;; *) now='not masked' ;; esac
if [ "$now" != ${want} ]; then
  ${raw(o.masked && o.scope === 'system' ? `if [ -f "/etc/systemd/system/$u" ] && [ ! -L "/etc/systemd/system/$u" ]; then
    echo "Failed to mask unit: File /etc/systemd/system/$u already exists: it is the unit's own file there, which a mask would replace; remove it first (absent) or stop managing it with content" >&2; exit 1
  fi` : ':')}
  corectl_before "$now"; corectl_after ${want}
  if [ "$corectl_check" = 0 ]; then sc ${o.masked ? 'mask' : 'unmask'} -- "$u" || exit 1; fi
  corectl_changed
fi
`;
}

function enableScript(o: Options): string {
  if (o.enabled === undefined) return '';
  return sh`s=$(sc is-enabled -- "$u" 2>/dev/null)
case "$s" in enabled|enabled-runtime|alias) now=enabled ;; static|generated|transient|indirect) now=$s ;; *) now=disabled ;; esac
case "$now" in
  enabled|disabled)
    if [ "$now" != ${o.enabled ? 'enabled' : 'disabled'} ]; then
      corectl_before "$now"; corectl_after ${o.enabled ? 'enabled' : 'disabled'}
      if [ "$corectl_check" = 0 ]; then out=$(sc ${o.enabled ? 'enable' : 'disable'} -- "$u" 2>&1) || { echo "Unable to ${o.enabled ? 'enable' : 'disable'} service $u: $out" >&2; exit 1; }; fi
      corectl_changed
    fi ;;
  *) corectl_msg "unit is $now: it cannot be enabled or disabled" ;;
esac
`;
}

function stateScript(o: Options): string {
  if (o.state === undefined) return '';
  // What systemd says changed on disk (a file task wrote the unit) is loaded before acting on it.
  const reload = sh`if [ "$(sc show -p NeedDaemonReload --value -- "$u" 2>/dev/null)" = yes ]; then
  corectl_msg "the unit changed on disk: systemd reloaded first"
  if [ "$corectl_check" = 0 ]; then sc daemon-reload || exit 1; fi
fi
a=$(sc is-active -- "$u" 2>/dev/null)
if [ "$a" != active ] && [ ${o.state === 'stopped' ? 0 : 1} = 1 ] && [ "$(sc show -p LoadState --value -- "$u" 2>/dev/null)" = masked ]; then
  echo "Unable to start service $u: Unit $u is masked." >&2; exit 1
fi
`;
  const act = (verb: string) => sh`out=$(sc ${verb} -- "$u" 2>&1) || { echo "Unable to ${verb} service $u: $out" >&2; exit 1; }`;
  switch (o.state) {
    case 'started':
    case 'stopped': {
      const wantActive = o.state === 'started';
      return `${reload}${sh`case "$a" in active|activating|reloading) now=active ;; deactivating) now=deactivating ;; *) now=inactive ;; esac
if ${raw(wantActive ? '[ "$now" != active ]' : '[ "$now" != inactive ]')}; then
  corectl_before "$a"; corectl_after ${wantActive ? 'active' : 'inactive'}
  if [ "$corectl_check" = 0 ]; then ${raw(act(wantActive ? 'start' : 'stop'))}; fi
  corectl_changed
fi
`}`;
    }
    default: {
      // On a unit that does not run, restarted and reloaded start it, as Ansible does.
      const verb = o.state === 'restarted' ? 'restart' : 'reload';
      return `${reload}${sh`case "$a" in active|activating|reloading) v=${verb}; m=${o.state} ;; *) v=start; m="started (it was not running)" ;; esac
corectl_msg "$m"
if [ "$corectl_check" = 0 ]; then out=$(sc "$v" -- "$u" 2>&1) || { echo "Unable to $v service $u: $out" >&2; exit 1; }; fi
corectl_changed
`}`;
    }
  }
}

/**
 * The unit in a first-boot config: its file, enabled (which starts it at boot) or masked. A state
 * fits only when boot gives it: started (or restarted, reloaded) needs enabled, stopped disabled.
 */
function ignitionUnit(o: Options): IgnitionRendering {
  if (o.unit === undefined) return {};
  if (o.scope !== 'system') return { leftToRun: `a unit of scope ${o.scope} belongs to a user's manager, which Ignition does not configure` };
  const starts = o.state === 'started' || o.state === 'restarted' || o.state === 'reloaded';
  if (starts && o.enabled !== true) return { leftToRun: `state ${o.state} without enabled: true; Ignition starts a unit only by enabling it` };
  if (o.state === 'stopped' && o.enabled !== false && o.masked !== true) return { leftToRun: 'state stopped without enabled: false; whether the unit runs after boot is up to what pulls it in' };
  return {
    systemd: {
      units: [{ name: o.unit, ...(o.content !== undefined && { contents: o.content }), ...(o.enabled !== undefined && { enabled: o.enabled }), ...(o.masked !== undefined && { mask: o.masked }) }],
    },
  };
}

/**
 * @example systemd({ unit: 'chronyd.service', enabled: true, state: 'started' })
 * @example systemd({ unit: 'site-report.service', content: '[Service]\nExecStart=/usr/local/bin/report\n', enabled: true })
 * @example systemd({ daemonReload: true })
 */
export const systemd = defineModule({
  name: 'systemd',
  schema,
  describe: (o) => o.unit ?? 'daemon-reload',
  remote: (o, env) => ({
    script: `${sh`u=${o.unit ?? ''}`}\n${preamble(o)}${unitFileScript(o, env.diff)}${existsScript(o)}${maskScript(o)}${enableScript(o)}${stateScript(o)}`,
    stdin: o.content,
    lazyStdin: true,
  }),
  ignition: ignitionUnit,
});
