// zincati.config: Zincati's update strategy as a drop-in in /etc/zincati/config.d. Zincati reads
// its configuration only when it starts, so a changed file restarts it (when it runs).
import { z } from 'zod';
import { defineModule, ignitionFile, shellScript } from 'corectl/module';
import restart from './zincati.sh';
import { writeFileStep } from './file.ts';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

const windowSchema = z.strictObject({
  days: z.array(z.enum(DAYS)).min(1),
  /** Start of the window, 24-hour `HH:MM`. */
  startTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM'),
  lengthMinutes: z.number().int().positive(),
});

const schema = z
  .strictObject({
    strategy: z.enum(['immediate', 'periodic', 'fleet_lock']),
    /** Turn automatic updates off altogether (`updates.enabled = false`). */
    enabled: z.boolean().default(true),
    /** For fleet_lock: the lock server (e.g. airlock). */
    fleetLock: z.strictObject({ baseUrl: z.url() }).optional(),
    /** For periodic: the maintenance windows, and their time zone. */
    periodic: z.strictObject({ windows: z.array(windowSchema).min(1), timeZone: z.string().regex(/^[A-Za-z0-9_+\-/]+$/).optional() }).optional(),
    /** 0.0 (eager) to 1.0 (conservative). */
    rolloutWariness: z.number().min(0).max(1).optional(),
    /** Drop-in file name (without .toml); later names win. */
    name: z.string().regex(/^[A-Za-z0-9_-]+$/).default('90-corectl'),
  })
  .refine((o) => o.strategy !== 'fleet_lock' || o.fleetLock, { message: 'fleet_lock needs fleetLock.baseUrl', path: ['fleetLock'] })
  .refine((o) => o.strategy !== 'periodic' || o.periodic, { message: 'periodic needs periodic.windows', path: ['periodic'] });

type Options = z.output<typeof schema>;

const toml = (value: string) => JSON.stringify(value);

export function zincatiToml(o: Options): string {
  const lines = ['# Managed by corectl', '[updates]', `enabled = ${o.enabled}`, `strategy = ${toml(o.strategy)}`];
  if (o.fleetLock) lines.push('', '[updates.fleet_lock]', `base_url = ${toml(o.fleetLock.baseUrl)}`);
  if (o.periodic) {
    if (o.periodic.timeZone) lines.push('', '[updates.periodic]', `time_zone = ${toml(o.periodic.timeZone)}`);
    for (const w of o.periodic.windows) {
      lines.push('', '[[updates.periodic.window]]', `days = [ ${w.days.map(toml).join(', ')} ]`, `start_time = ${toml(w.startTime)}`, `length_minutes = ${w.lengthMinutes}`);
    }
  }
  if (o.rolloutWariness !== undefined) lines.push('', '[identity]', `rollout_wariness = ${o.rolloutWariness}`);
  return `${lines.join('\n')}\n`;
}

/** @example zincati.config({ strategy: 'periodic', periodic: { windows: [{ days: ['Sat'], startTime: '23:30', lengthMinutes: 60 }] } }) */
const config = defineModule({
  name: 'zincati.config',
  schema,
  describe: (o) => `/etc/zincati/config.d/${o.name}.toml`,
  remote: (o, env) => {
    const step = writeFileStep({ path: `/etc/zincati/config.d/${o.name}.toml`, mode: '644' }, zincatiToml(o), env.diff);
    return {
      become: true,
      stdin: step.stdin,
      lazyStdin: true,
      script: `corectl_ensure_dir /etc/zincati/config.d || exit 1\n${step.script}${shellScript(restart)}`,
    };
  },
  // Zincati starts after first boot and reads it then.
  ignition: (o) => ignitionFile(`/etc/zincati/config.d/${o.name}.toml`, zincatiToml(o), {}),
});

export const zincati = { config };
