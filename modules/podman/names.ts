// Names podman accepts for images, containers, networks, volumes and secrets.
import { z } from 'zod';

/** Container, network, volume and secret names as podman allows them. */
export const podmanNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be letters, digits, "_", "." or "-", starting with a letter or digit');

/** An image reference: [registry/]name[:tag][@digest]. */
export const imageRefSchema = z.string().regex(/^[a-z0-9][a-z0-9._\-/:]*(@sha256:[a-f0-9]{64})?$/, 'must be an image reference like registry/name:tag or name@sha256:…');
