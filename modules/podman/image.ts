// podman.image: an image present (pulled by reference or digest, or loaded from an archive the
// controller sends on stdin) or absent.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { defineModule, shellScript } from 'corectl/module';
import script from './image.sh';
import absentScript from './image-absent.sh';
import { imageRefSchema } from './names.ts';

const schema = z.strictObject({
  /** @example 'docker.io/coredns/coredns:1.12.0' or 'quay.io/org/app@sha256:…' */
  ref: imageRefSchema,
  state: z.enum(['present', 'absent']).default('present'),
  /** A docker-archive or oci-archive on the controller to `podman load` instead of pulling. */
  archive: z.string().optional(),
});

/** @example podman.image({ ref: 'docker.io/coredns/coredns:1.12.0' }) */
export const image = defineModule({
  name: 'podman.image',
  ansible: 'containers.podman.podman_image',
  schema,
  describe: (o) => o.ref,
  resultData: z.object({
    /** The image's id (64 hex digits) once it is present; absent in check mode before a pull. */
    id: z.string().optional(),
  }),
  remote: (o) => {
    if (o.state === 'absent') return { become: true, script: shellScript(absentScript, o.ref) };
    return {
      become: true,
      stdin: o.archive ? readFileSync(o.archive) : undefined,
      lazyStdin: true,
      script: shellScript(script, o.ref, o.archive ?? ''),
    };
  },
});
