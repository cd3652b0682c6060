// podman.pod: a pod run by systemd from a quadlet .pod unit in /etc/containers/systemd. The pod
// holds the ports and the network; containers join it with podman.container's `pod` option, and
// quadlet binds each to the pod's service: restarting the pod restarts them.
import { z } from 'zod';
import { contentHash, defineModule, ignitionFile, shellScript } from 'corectl/module';
import { podmanNameSchema } from './names.ts';
import script from './pod.sh';
import { bootStateLeftToRun, portSchema, quadletServiceShape } from './quadlet-options.ts';
import serviceScript from './quadlet-service.sh';
import { unitValueSchema, unitWord } from './unit-values.ts';

const schema = z.strictObject({
  /** Pod and unit name: the service is NAME-pod.service; containers join it with `pod: NAME`. */
  name: podmanNameSchema,
  description: unitValueSchema.optional(),
  /** @example ['8080:80', '127.0.0.1:9090:9090'] */
  ports: z.array(portSchema).default([]),
  /** @example ['/srv/web:/srv:ro,Z'] */
  volumes: z.array(unitValueSchema).default([]),
  /** A podman network, or NAME.network for one a quadlet .network unit makes. */
  network: unitValueSchema.optional(),
  /** Extra `podman pod create` options for what quadlet has no key for. */
  podmanArgs: z.array(unitValueSchema).default([]),
  ...quadletServiceShape,
});

type Options = z.output<typeof schema>;

export function podUnit(o: Options): string {
  const lines = ['# Managed by corectl', '[Unit]', `Description=${o.description ?? `${o.name} pod`}`, '', '[Pod]', `PodName=${o.name}`];
  for (const port of o.ports) lines.push(`PublishPort=${port}`);
  for (const volume of o.volumes) lines.push(`Volume=${unitWord(volume)}`);
  if (o.network) lines.push(`Network=${o.network}`);
  if (o.podmanArgs.length > 0) lines.push(`PodmanArgs=${o.podmanArgs.map(unitWord).join(' ')}`);
  if (o.enabled) lines.push('', '[Install]', 'WantedBy=multi-user.target default.target');
  return `${lines.join('\n')}\n`;
}

/** @example podman.pod({ name: 'web', ports: ['8080:80'] }) */
export const pod = defineModule({
  name: 'podman.pod',
  ansible: 'containers.podman.podman_pod (as a quadlet unit)',
  schema,
  describe: (o) => `${o.name}-pod.service`,
  remote: (o, env) => {
    const unit = podUnit(o);
    return { become: true, stdin: unit, lazyStdin: true, script: shellScript([script, serviceScript], o.name, contentHash(unit), env.diff, o.state, o.settleSeconds) };
  },
  ignition: (o) => {
    return bootStateLeftToRun(o) ?? ignitionFile(`/etc/containers/systemd/${o.name}.pod`, podUnit(o), {});
  },
});
