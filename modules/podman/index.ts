// podman modules: images; containers, pods and Kubernetes YAML as quadlet units run by systemd;
// networks, volumes, secrets; registry logins.
import { build } from './build.ts';
import { container } from './container.ts';
import { image } from './image.ts';
import { kube } from './kube.ts';
import { login } from './login.ts';
import { network } from './network.ts';
import { pod } from './pod.ts';
import { prune } from './prune.ts';
import { secret } from './secret.ts';
import { volume } from './volume.ts';

export const podman = { image, build, container, pod, kube, network, volume, secret, prune, login };
