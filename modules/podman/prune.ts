// podman.prune: what podman no longer uses goes: stopped containers, dangling (or all unused)
// images, networks and volumes no container uses. In check mode it lists what would go.
import { z } from 'zod';
import { defineModule, moduleOptions, shellScript } from 'corectl/module';
import script from './prune.sh';

const schema = moduleOptions('podman.prune', {
  /** Containers that are not running (created, exited, stopped). */
  containers: z.boolean().default(false),
  /** Dangling (untagged) images no container was made from; with `allImages`, every such image. */
  images: z.boolean().default(false),
  /** Every unused image, not only dangling ones (`podman image prune --all`). */
  allImages: z.boolean().default(false),
  /** Networks no container uses (never the default `podman` network). */
  networks: z.boolean().default(false),
  /** Volumes no container uses: their data is deleted. */
  volumes: z.boolean().default(false),
}, {
  container: '`containers`', image: '`images`', network: '`networks`', volume: '`volumes`',
  container_filters: 'nothing: filters are not supported', image_filters: '`allImages` for `dangling_only: false`; other filters are not supported',
  network_filters: 'nothing: filters are not supported', volume_filters: 'nothing: filters are not supported',
  system: 'the four kinds, each asked for', system_all: '`allImages`', system_volumes: '`volumes`',
}).refine((o) => o.containers || o.images || o.networks || o.volumes, 'name what to prune: containers, images, networks or volumes')
  .refine((o) => !o.allImages || o.images, { message: 'allImages needs images: true', path: ['allImages'] });

/** @example podman.prune({ containers: true, images: true }) */
export const prune = defineModule({
  name: 'podman.prune',
  ansible: 'containers.podman.podman_prune',
  schema,
  describe: (o) => (['containers', 'images', 'networks', 'volumes'] as const).filter((k) => o[k]).join(', '),
  remote: (o) => ({ become: true, script: shellScript(script, o.containers, o.images, o.networks, o.volumes, o.allImages) }),
});
