// podman.container: a container run by systemd from a quadlet unit in /etc/containers/systemd.
// The unit file is the desired state; `podman container inspect` tells whether the running
// container still uses the image the reference points to. The service restarts only when the
// unit changed or the image moved, and starts when it is not running.
import { z } from 'zod';
import { contentHash, defineModule, ignitionFile, shellScript } from 'corectl/module';
import script from './container.sh';
import serviceScript from './quadlet-service.sh';
import { imageRefSchema, podmanNameSchema } from './names.ts';
import { bootStateLeftToRun, portSchema, quadletServiceShape } from './quadlet-options.ts';
import { unitValueSchema, unitWord } from './unit-values.ts';

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
  /** The pod (podman.pod) the container joins: ports and network are then the pod's. @example 'web' */
  pod: podmanNameSchema.optional(),
  user: unitValueSchema.optional(),
  /** Podman secrets to mount (see podman.secret). */
  secrets: z.array(unitValueSchema).default([]),
  restart: z.enum(['always', 'on-failure', 'no']).default('always'),
  healthCheck: z.strictObject({ command: unitValueSchema, interval: z.string().regex(/^\d+[smh]$/).default('30s') }).optional(),
  /** Label the container for `podman auto-update`. */
  autoUpdate: z.enum(['registry', 'local']).optional(),
  /** Extra `podman run` options for what quadlet has no key for. */
  podmanArgs: z.array(unitValueSchema).default([]),
  ...quadletServiceShape,
}).refine((o) => o.pod === undefined || (o.ports.length === 0 && o.network === undefined), { message: 'a container in a pod publishes no ports and joins no network: give them to podman.pod', path: ['pod'] });

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
  if (o.pod) lines.push(`Pod=${o.pod}.pod`);
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
  ansible: 'containers.podman.podman_container (as a quadlet unit)',
  schema,
  describe: (o) => `${o.name}.service`,
  remote: (o, env) => {
    const unit = quadletUnit(o);
    return {
      become: true,
      stdin: unit,
      lazyStdin: true,
      script: shellScript([script, serviceScript], o.name, o.image, contentHash(unit), env.diff, o.state, o.settleSeconds),
    };
  },
  // The quadlet file: systemd's generator makes the service at boot, and [Install] (enabled)
  // starts it, pulling the image.
  ignition: (o) => {
    return bootStateLeftToRun(o) ?? ignitionFile(`/etc/containers/systemd/${o.name}.container`, quadletUnit(o), {});
  },
});
