// systemd: a unit's file (optional), whether it is enabled or masked, and whether it runs, as
// Ansible's systemd_service. The manager is reloaded when the unit file changed, and also before
// acting when systemd says the unit changed on disk (NeedDaemonReload: a file task wrote it).
// A unit that does not exist, a masked unit to start, or a unit file in the way of a mask fail in
// check mode as in the real run.
import { z } from 'zod';
import { contentHash, defineModule, moduleOptions, shellScript, unitNameSchema, type IgnitionRendering } from 'corectl/module';
import script from './systemd.sh';

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
  ansible: 'ansible.builtin.systemd_service',
  schema,
  describe: (o) => o.unit ?? 'daemon-reload',
  remote: (o, env) => ({
    script: shellScript(
      script, o.unit ?? '', o.scope, o.noBlock, o.force, o.daemonReexec, o.daemonReload, o.content === undefined ? '' : contentHash(o.content), env.diff,
      o.enabled === undefined ? '' : String(o.enabled), o.masked === undefined ? '' : String(o.masked), o.state ?? '',
    ),
    stdin: o.content,
    lazyStdin: true,
  }),
  ignition: ignitionUnit,
});
