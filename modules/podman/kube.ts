// podman.kube: Kubernetes YAML played by podman under systemd, from a quadlet .kube unit in
// /etc/containers/systemd with the YAML beside it (NAME.yaml, root's alone: it may hold a
// Secret). The service replays the YAML when it or the unit changed (podman kube play --replace),
// and starts when it is not running.
import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { z } from 'zod';
import { contentHash, defineModule, ignitionFile, shellScript, type IgnitionRendering } from 'corectl/module';
import script from './kube.sh';
import { podmanNameSchema } from './names.ts';
import { bootStateLeftToRun, portSchema, quadletServiceShape } from './quadlet-options.ts';
import serviceScript from './quadlet-service.sh';
import unitText from './unit-text.sh';
import { unitValueSchema, unitWord } from './unit-values.ts';

const kubeObjectSchema = z.record(z.string(), z.unknown());

const schema = z.strictObject({
  /** Unit name: NAME.kube plays NAME.yaml, and the service is NAME.service. */
  name: podmanNameSchema,
  description: unitValueSchema.optional(),
  /** The Kubernetes YAML: its text, or its objects (written as YAML, one document each). */
  manifest: z.union([z.string(), kubeObjectSchema, z.array(kubeObjectSchema).min(1)]).optional(),
  /** A YAML file on the controller to send instead. @example 'files/web.yaml' */
  src: z.string().optional(),
  /** Ports published besides those the YAML's hostPort fields name. */
  ports: z.array(portSchema).default([]),
  /** A podman network, or NAME.network for one a quadlet .network unit makes. */
  network: unitValueSchema.optional(),
  /** Extra `podman kube play` options for what quadlet has no key for. */
  podmanArgs: z.array(unitValueSchema).default([]),
  /** The YAML is a secret: never shown in a diff (a YAML with a `kind: Secret` always is). */
  sensitive: z.boolean().optional(),
  ...quadletServiceShape,
}).refine((o) => (o.manifest === undefined) !== (o.src === undefined), { message: 'give manifest or src, one of them', path: ['manifest'] });

type Options = z.output<typeof schema>;

/** The YAML as it is written on the host. */
export function kubeYaml(o: Options): string {
  if (o.src !== undefined) return readFileSync(o.src, 'utf8');
  if (typeof o.manifest === 'string') return o.manifest;
  const documents = Array.isArray(o.manifest) ? o.manifest : [o.manifest!];
  return documents.map((d) => stringify(d)).join('---\n');
}

const holdsSecret = (yaml: string) => /^kind:\s*["']?Secret["']?\s*$/m.test(yaml);

export function kubeUnit(o: Options): string {
  const lines = ['# Managed by corectl', '[Unit]', `Description=${o.description ?? `${o.name} (Kubernetes YAML)`}`, '', '[Kube]', `Yaml=${o.name}.yaml`];
  for (const port of o.ports) lines.push(`PublishPort=${port}`);
  if (o.network) lines.push(`Network=${o.network}`);
  if (o.podmanArgs.length > 0) lines.push(`PodmanArgs=${o.podmanArgs.map(unitWord).join(' ')}`);
  if (o.enabled) lines.push('', '[Install]', 'WantedBy=multi-user.target default.target');
  return `${lines.join('\n')}\n`;
}

/** @example podman.kube({ name: 'web', src: 'files/web.yaml' }) */
export const kube = defineModule({
  name: 'podman.kube',
  ansible: 'containers.podman.podman_play (as a quadlet unit)',
  schema,
  describe: (o) => `${o.name}.service`,
  remote: (o, env) => {
    const yaml = kubeYaml(o);
    const diff = env.diff && !o.sensitive && !holdsSecret(yaml);
    return {
      become: true,
      stdin: yaml,
      lazyStdin: true,
      script: shellScript([unitText, script, serviceScript], o.name, contentHash(yaml), diff, o.state, o.settleSeconds, kubeUnit(o), env.diff),
    };
  },
  // A src that cannot be read is reported by remote, where the task fails with it.
  sensitive: (o) => !!o.sensitive || (() => { try { return holdsSecret(kubeYaml(o)); } catch { return false; } })(),
  ignition: (o): IgnitionRendering => {
    const problem = bootStateLeftToRun(o);
    if (problem) return problem;
    const yaml = ignitionFile(`/etc/containers/systemd/${o.name}.yaml`, kubeYaml(o), { mode: '0600' });
    const unit = ignitionFile(`/etc/containers/systemd/${o.name}.kube`, kubeUnit(o), {});
    return { storage: { files: [...yaml.storage!.files!, ...unit.storage!.files!] } };
  },
});
