// podman.image: an image present (pulled by reference or digest, or loaded from an archive the
// controller sends on stdin) or absent.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { defineModule, sh } from 'corectl/module';
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
  schema,
  describe: (o) => o.ref,
  remote: (o) => {
    if (o.state === 'absent') {
      return {
        become: true,
        script: sh`if podman image exists ${o.ref}; then
  corectl_before present; corectl_after absent
  if [ "$corectl_check" = 0 ]; then podman rmi ${o.ref} >/dev/null || exit 1; fi
  corectl_changed
fi
`,
      };
    }
    // The archive is sent only when the image is missing and is to be loaded (lazy stdin).
    const fetch = o.archive
      ? sh`corectl_need_stdin
podman load --quiet >/dev/null || exit 1
podman image exists ${o.ref} || { echo ${`the archive ${o.archive} does not hold ${o.ref}`} >&2; exit 1; }`
      : sh`podman pull --quiet ${o.ref} >/dev/null || exit 1`;
    return {
      become: true,
      stdin: o.archive ? readFileSync(o.archive) : undefined,
      lazyStdin: true,
      script: `${sh`if ! podman image exists ${o.ref}; then
  corectl_before absent; corectl_after present
  if [ "$corectl_check" = 0 ]; then
`}${fetch}
${sh`    corectl_data id "$(podman image inspect --format '{{.Id}}' ${o.ref})"
  fi
  corectl_changed
fi
`}`,
    };
  },
});
