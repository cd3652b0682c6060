// podman.build: an image built on the host by systemd from a quadlet .build unit in
// /etc/containers/systemd, with its Containerfile beside it (NAME.Containerfile). The build runs
// when its service starts, and again when the Containerfile or the unit changed or the image is
// gone; a container that runs the tag restarts on the new image (podman.container compares it).
import { z } from 'zod';
import { absolutePathSchema, contentHash, defineModule, ignitionFile, shellScript, type IgnitionRendering } from 'corectl/module';
import script from './build.sh';
import { imageRefSchema, podmanNameSchema } from './names.ts';
import serviceScript from './quadlet-service.sh';
import { unitValueSchema, unitWord } from './unit-values.ts';
import unitText from './unit-text.sh';

const schema = z.strictObject({
  /** Unit name: NAME.build builds NAME.Containerfile, and the service is NAME-build.service. */
  name: podmanNameSchema,
  /** The image's name and tag. @example 'localhost/site/web:1' */
  tag: imageRefSchema,
  /** The Containerfile (Dockerfile). @example 'FROM registry.fedoraproject.org/fedora:41\nRUN dnf -y install nginx\n' */
  containerfile: z.string().min(1),
  /** The build context: a directory on the host that COPY and ADD read from (by default /var/lib/corectl/build/NAME, made empty). @example '/srv/web' */
  context: absolutePathSchema.optional(),
  /** Build arguments (ARG). */
  buildArgs: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), unitValueSchema).default({}),
  /** Pull the base image: `missing` (the default), `always` or `never`. */
  pull: z.enum(['missing', 'always', 'never', 'newer']).default('missing'),
  /** Extra `podman build` options for what quadlet has no key for. */
  podmanArgs: z.array(unitValueSchema).default([]),
});

type Options = z.output<typeof schema>;

const buildContext = (o: Options) => o.context ?? `/var/lib/corectl/build/${o.name}`;

export function buildUnit(o: Options): string {
  const lines = ['# Managed by corectl', '[Unit]', `Description=${o.name} image build`, '', '[Build]', `ImageTag=${o.tag}`, `File=/etc/containers/systemd/${o.name}.Containerfile`];
  // Without a context of its own, the build reads a directory of its own: nothing of /etc leaks in.
  lines.push(`SetWorkingDirectory=${buildContext(o)}`);
  for (const [key, value] of Object.entries(o.buildArgs)) lines.push(`PodmanArgs=--build-arg ${unitWord(`${key}=${value}`)}`);
  lines.push(`Pull=${o.pull}`);
  if (o.podmanArgs.length > 0) lines.push(`PodmanArgs=${o.podmanArgs.map(unitWord).join(' ')}`);
  // The build is a oneshot: it stays "active" once it succeeded (so it runs again only when asked),
  // and may take long, not systemd's default 90 s for a start.
  lines.push('', '[Service]', 'RemainAfterExit=yes', 'TimeoutStartSec=1800', '', '[Install]', 'WantedBy=multi-user.target default.target');
  return `${lines.join('\n')}\n`;
}

/** @example podman.build({ name: 'web', tag: 'localhost/site/web:1', containerfile: 'FROM quay.io/fedora/fedora:41\nRUN dnf -y install nginx\n' }) */
export const build = defineModule({
  name: 'podman.build',
  ansible: 'containers.podman.podman_image (build, as a quadlet unit)',
  schema,
  describe: (o) => o.tag,
  remote: (o, env) => ({
    become: true,
    stdin: o.containerfile,
    lazyStdin: true,
    script: shellScript([unitText, script, serviceScript], o.name, contentHash(o.containerfile), env.diff, buildUnit(o), env.diff, o.tag, buildContext(o)),
  }),
  // The unit and its Containerfile: the build runs at first boot, before what is wanted after it.
  ignition: (o): IgnitionRendering => {
    const file = ignitionFile(`/etc/containers/systemd/${o.name}.Containerfile`, o.containerfile, {});
    const unit = ignitionFile(`/etc/containers/systemd/${o.name}.build`, buildUnit(o), {});
    return { storage: { files: [...file.storage!.files!, ...unit.storage!.files!], ...(o.context === undefined && { directories: [{ path: buildContext(o), mode: 0o755 }] }) } };
  },
});
