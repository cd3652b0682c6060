// podman.container: a container run by systemd from a quadlet unit in /etc/containers/systemd.
// The unit file is the desired state; `podman container inspect` tells whether the running
// container still uses the image the reference points to. The service restarts only when the
// unit changed or the image moved, and starts when it is not running.
import { z } from 'zod';
import { contentHash, defineModule, ignitionFile, raw, sh } from 'corectl/module';
import { imageRefSchema, podmanNameSchema } from './names.ts';
import { unitValueSchema, unitWord } from './unit-values.ts';

const portSchema = z.string().regex(/^(\d{1,3}(\.\d{1,3}){3}:)?(\d{1,5}:)?\d{1,5}(\/(tcp|udp))?$/, 'must be [ip:][hostPort:]containerPort[/tcp|udp]');

const schema = z.strictObject({
  /** Container and unit name: the service is NAME.service. */
  name: podmanNameSchema,
  image: imageRefSchema,
  description: unitValueSchema.optional(),
  /** Arguments after the image (the command). */
  exec: z.array(unitValueSchema).default([]),
  /** @example ['53:53/udp', '127.0.0.1:8080:80'] */
  ports: z.array(portSchema).default([]),
  /** @example ['/etc/coredns:/etc/coredns:ro,Z'] */
  volumes: z.array(unitValueSchema).default([]),
  environment: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), unitValueSchema).default({}),
  labels: z.record(z.string().regex(/^[A-Za-z0-9_.\-/]+$/), unitValueSchema).default({}),
  network: unitValueSchema.optional(),
  user: unitValueSchema.optional(),
  /** Podman secrets to mount (see podman.secret). */
  secrets: z.array(unitValueSchema).default([]),
  restart: z.enum(['always', 'on-failure', 'no']).default('always'),
  healthCheck: z.strictObject({ command: unitValueSchema, interval: z.string().regex(/^\d+[smh]$/).default('30s') }).optional(),
  /** Label the container for `podman auto-update`. */
  autoUpdate: z.enum(['registry', 'local']).optional(),
  /** Extra `podman run` options for what quadlet has no key for. */
  podmanArgs: z.array(unitValueSchema).default([]),
  state: z.enum(['started', 'stopped']).default('started'),
  /** Start at boot. */
  enabled: z.boolean().default(true),
  /**
   * After a start or restart, the service must stay active this many seconds (with no restart
   * by systemd in between), or the task fails with its state and last log lines: a container
   * that exits at once is not "started". 0 checks only that it started.
   */
  settleSeconds: z.number().int().min(0).max(600).default(3),
});

type Options = z.output<typeof schema>;

export function quadletUnit(o: Options): string {
  const lines = ['# Managed by corectl', '[Unit]', `Description=${o.description ?? `${o.name} container`}`];
  if (o.network?.endsWith('.network')) lines.push(`Requires=${o.network.replace(/\.network$/, '-network.service')}`);
  lines.push('', '[Container]', `ContainerName=${o.name}`, `Image=${o.image}`);
  for (const port of o.ports) lines.push(`PublishPort=${port}`);
  for (const volume of o.volumes) lines.push(`Volume=${unitWord(volume)}`);
  for (const [key, value] of Object.entries(o.environment)) lines.push(`Environment=${unitWord(`${key}=${value}`)}`);
  for (const [key, value] of Object.entries(o.labels)) lines.push(`Label=${unitWord(`${key}=${value}`)}`);
  if (o.network) lines.push(`Network=${o.network}`);
  if (o.user) lines.push(`User=${o.user}`);
  for (const secret of o.secrets) lines.push(`Secret=${secret}`);
  if (o.healthCheck) lines.push(`HealthCmd=${unitWord(o.healthCheck.command)}`, `HealthInterval=${o.healthCheck.interval}`);
  if (o.autoUpdate) lines.push(`AutoUpdate=${o.autoUpdate}`);
  if (o.podmanArgs.length > 0) lines.push(`PodmanArgs=${o.podmanArgs.map(unitWord).join(' ')}`);
  if (o.exec.length > 0) lines.push(`Exec=${o.exec.map(unitWord).join(' ')}`);
  lines.push('', '[Service]', `Restart=${o.restart}`, 'TimeoutStartSec=300');
  if (o.enabled) lines.push('', '[Install]', 'WantedBy=multi-user.target default.target');
  return `${lines.join('\n')}\n`;
}

/** @example podman.container({ name: 'coredns', image: 'docker.io/coredns/coredns:1.12.0', ports: ['53:53/udp'] }) */
export const container = defineModule({
  name: 'podman.container',
  schema,
  describe: (o) => `${o.name}.service`,
  remote: (o, env) => {
    const unit = quadletUnit(o);
    const path = `/etc/containers/systemd/${o.name}.container`;
    const running = sh`[ "$(systemctl is-active -- ${`${o.name}.service`})" = active ]`;
    // systemd counts the restarts it makes: a container that exits and is started again does not
    // look inactive at every moment, but its count moves.
    const settle = sh`corectl_down() {
  # Caught while stopping or while waiting to be restarted (a loaded host): give it a moment to
  # land, so the report says where it ended, counts the restart under way, and its log holds the
  # container's last words.
  a=$(systemctl is-active -- "$svc"); n=0
  while { [ "$a" = deactivating ] || { [ "$a" = activating ] && [ "$(systemctl show -p SubState --value -- "$svc")" = auto-restart ]; }; } && [ "$n" -lt 20 ]; do
    sleep 0.25; n=$((n + 1)); a=$(systemctl is-active -- "$svc")
  done
  journalctl --sync 2>/dev/null
  echo "$svc $1: it is $a, systemd restarted it $(( $(systemctl show -p NRestarts --value -- "$svc") - r0 )) time(s); its last log lines:" >&2
  # podman's own event lines and the bare container ids it prints would crowd out the lines that
  # say why: the container's output and systemd's.
  journalctl -u "$svc" -n 200 --no-pager -o cat | grep -Ev '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:.]+ [+-][0-9]{4} [A-Z]+ m=[+]|^[0-9a-f]{64}$' | tail -n 15 >&2
}
corectl_settle() {
  end=$(( $(date +%s) + ${o.settleSeconds} ))
  while a=$(systemctl is-active -- "$svc"); [ "$a" = active ] && [ "$(date +%s)" -lt "$end" ]; do sleep 0.5; done
  if [ "$a" != active ] || [ "$(systemctl show -p NRestarts --value -- "$svc")" != "$r0" ]; then
    corectl_down 'did not stay running within ${o.settleSeconds} s'; return 1
  fi
}
`;
    return {
      become: true,
      stdin: unit,
      lazyStdin: true,
      script: `${sh`corectl_ensure_dir /etc/containers/systemd || exit 1
corectl_file ${path} ${contentHash(unit)} 644 '' '' ${env.diff ? 1 : 0} || exit 1
unit_changed=$corectl_file_changed
if [ "$unit_changed" = 1 ] && [ "$corectl_check" = 0 ]; then systemctl daemon-reload || exit 1; fi
svc=${`${o.name}.service`}
`}${settle}${o.state === 'started' ? sh`want=$(podman image inspect --format '{{.Id}}' ${o.image} 2>/dev/null)
have=$(podman container inspect --format '{{.Image}}' ${o.name} 2>/dev/null)
act=''
if ! ${raw(running)}; then
  corectl_before "$(systemctl is-active -- "$svc")"; corectl_after active; act=start
elif [ "$unit_changed" = 1 ]; then
  corectl_msg 'unit changed: restarting'; act=restart
elif [ -n "$want" ] && [ "$want" != "$have" ]; then
  corectl_msg 'image changed: restarting'; corectl_before "image $have"; corectl_after "image $want"; act=restart
fi
if [ -n "$act" ]; then
  if [ "$corectl_check" = 0 ]; then
    r0=$(systemctl show -p NRestarts --value -- "$svc")
    # A container that exits before it is ready fails the start job itself (its unit is
    # Type=notify): the same report as one that exits just after.
    systemctl "$act" -- "$svc" 2>/dev/null || { corectl_down 'did not start'; exit 1; }
    corectl_changed
    corectl_settle || exit 1
  else corectl_changed; fi
elif [ ${o.settleSeconds} -gt 0 ]; then
  # Active, but maybe only between two crashes: one that became active within the settle time
  # is watched as after a start, so a restart loop is never "ok".
  read -r up _ < /proc/uptime
  since=$(systemctl show -p ActiveEnterTimestampMonotonic --value -- "$svc")
  if [ $(( \${up%.*} - \${since:-0} / 1000000 )) -le ${o.settleSeconds} ]; then
    r0=$(systemctl show -p NRestarts --value -- "$svc")
    corectl_settle || exit 1
  fi
fi
` : sh`if ${raw(running)}; then
  corectl_before active; corectl_after inactive
  if [ "$corectl_check" = 0 ]; then systemctl stop -- "$svc" || exit 1; fi
  corectl_changed
fi
`}`,
    };
  },
  // The quadlet file: systemd's generator makes the service at boot, and [Install] (enabled)
  // starts it, pulling the image.
  ignition: (o) => {
    if (o.state === 'started' && !o.enabled) return { leftToRun: 'started but not enabled: boot starts only what is enabled' };
    if (o.state === 'stopped' && o.enabled) return { leftToRun: 'stopped but enabled: boot would start it' };
    return ignitionFile(`/etc/containers/systemd/${o.name}.container`, quadletUnit(o), {});
  },
});
