// podman modules: images, containers as quadlet units run by systemd, networks, volumes, secrets.
import { container } from './container.ts';
import { image } from './image.ts';
import { network } from './network.ts';
import { secret } from './secret.ts';
import { volume } from './volume.ts';

export const podman = { image, container, network, volume, secret };
