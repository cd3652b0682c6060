// podman.prune against containers.podman's podman_prune: the same leftovers (a stopped container,
// a dangling image, an unused network and volume) pruned by kind, compared by what is left.
import { podman } from '../../../../modules/index.ts';
import type { LanguageCase } from '../../language/language-case.ts';
import { TEST_IMAGE } from '../../../hosts/test-image.ts';

// Leftovers on a host where nothing else is left over (what earlier cases made goes first).
const clean = [
  'systemctl stop web-pod.service web-httpd.service hello.service 2>/dev/null; podman pod rm -fa >/dev/null; podman rm -fa >/dev/null',
  'podman network prune -f >/dev/null; podman volume prune -f >/dev/null; podman image prune -f >/dev/null',
].join('; ');
const setup = [
  clean,
  `podman run --name pr-exited ${TEST_IMAGE} true >/dev/null 2>&1; podman commit -q pr-exited >/dev/null`,
  'podman network create pr-net >/dev/null; podman volume create pr-vol >/dev/null',
].join('; ');
const probe = [
  "podman ps -a --format '{{.Names}}' | sort",
  "podman images --format '{{.Repository}}:{{.Tag}}' | sort",
  "podman network ls --format '{{.Name}}' | sort",
  "podman volume ls --format '{{.Name}}' | sort",
].join('; echo --; ');

// podman_prune 1.10.2 returns each kind's `changed` inside that kind's result, never the task's:
// Ansible shows the task as ok whatever it removed.
const NEVER_CHANGED = "podman_prune 1.10.2 says ok whatever it removed (its `changed` is inside each kind's result); corectl says changed and lists what went";

type Kinds = { containers?: boolean; images?: boolean; allImages?: boolean; networks?: boolean; volumes?: boolean };
const ansibleArgs = (k: Kinds) => ({
  ...(k.containers && { container: true }), ...(k.images && { image: true }), ...(k.allImages && { image_filters: { dangling_only: false } }),
  ...(k.networks && { network: true }), ...(k.volumes && { volume: true }),
});

const prune = (id: string, kinds: Kinds, removesNothing = false): LanguageCase => ({
  id: `podman-prune-${id}`, source: 'ansible', setup: removesNothing ? clean : setup, probe, modes: ['run'],
  ansible: [{ name: 'prune', 'containers.podman.podman_prune': ansibleArgs(kinds) }],
  corectl: (play) => { play.task('prune', podman.prune(kinds)); },
  ...(!removesNothing && { deliberate: NEVER_CHANGED }),
});

export const pruneCases: LanguageCase[] = [
  prune('containers', { containers: true }),
  prune('images', { images: true }),
  // Every unused image: the test image stays, a stopped container was made from it.
  prune('all-images', { images: true, allImages: true }),
  prune('networks', { networks: true }),
  prune('volumes', { volumes: true }),
  prune('all-kinds', { containers: true, images: true, networks: true, volumes: true }),
  prune('nothing-left', { containers: true, images: true, networks: true, volumes: true }, true),
];
