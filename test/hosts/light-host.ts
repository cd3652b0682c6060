// A light test host, for scale benchmarks only: no systemd, no container — one sshd in network,
// mount, UTS and PID namespaces of its own, chrooted into an overlay whose lower layer is the
// shared, read-only test-host root (real sh, coreutils, sudo, the `core` user) and whose upper
// layer holds only what this host writes. The overlay and its /proc, /dev, /run and /tmp are
// mounted inside the host's own mount namespace, so a thousand hosts add nothing to the
// controller's mount table, and they vanish with the host's last process. sshd is the PID
// namespace's init: killing the process that holds the namespaces takes every process of the host
// with it (`unshare --kill-child`).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile, readlink } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { quote } from '../../src/connection/shell-quote.ts';
import { run } from './run-command.ts';

export interface LightHostSpec {
  name: string;
  address: string;
  /** The controller-side end of the host's link, on `bridge`. */
  veth: string;
  bridge: string;
  gateway: string;
  prefixLength: number;
  dir: string;
}

export interface LightHost extends LightHostSpec {
  port: number;
  /** `ssh-ed25519 AAAA...`, as known_hosts records it. */
  hostKey: string;
  /** The `unshare` process that holds the host's namespaces (its own process group). */
  supervisorPid: number;
}

export async function bootLightHost(spec: LightHostSpec, rootfs: string, authorizedKeysFile: string): Promise<LightHost> {
  await Promise.all(['upper', 'work', 'merged'].map((d) => mkdir(join(spec.dir, d), { recursive: true })));
  const keyFile = join(spec.dir, 'ssh_host_ed25519_key');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `root@${spec.name}`, '-f', keyFile]);
  const hostKey = (await readFile(`${keyFile}.pub`, 'utf8')).trim().split(' ').slice(0, 2).join(' ');
  const log = openSync(join(spec.dir, 'console.log'), 'a');
  const child = spawn('unshare', ['--net', '--mount', '--uts', '--pid', '--fork', '--kill-child', '--mount-proc', 'sh', '-c', bootScript(spec, rootfs, keyFile, authorizedKeysFile)], {
    detached: true, // its own process group: stopCluster kills hosts by group
    stdio: ['ignore', log, log],
  });
  child.unref();
  closeSync(log); // the child has its own copy; a thousand hosts must not hold a thousand here
  const pid = child.pid!;
  await waitForOwnNetwork(pid, spec);
  // The host's end of the link is made straight into its network namespace; the boot script waits for it.
  await run('ip', ['link', 'add', spec.veth, 'master', spec.bridge, 'up', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', String(pid)]);
  await waitForBanner(spec, pid);
  return { ...spec, port: 22, hostKey, supervisorPid: pid };
}

function bootScript(spec: LightHostSpec, rootfs: string, keyFile: string, authorizedKeysFile: string): string {
  const root = join(spec.dir, 'merged');
  const q = quote;
  return `set -e
mount -t overlay overlay -o ${q(`lowerdir=${rootfs},upperdir=${join(spec.dir, 'upper')},workdir=${join(spec.dir, 'work')}`)} ${q(root)}
hostname ${q(spec.name)}
echo ${q(spec.name)} > ${q(`${root}/etc/hostname`)}
printf '127.0.0.1 localhost\\n%s %s\\n' ${q(spec.address)} ${q(spec.name)} > ${q(`${root}/etc/hosts`)}
install -m 600 ${q(keyFile)} ${q(`${root}/etc/ssh/ssh_host_ed25519_key`)}
# Debian's pam_motd runs the update-motd.d scripts at every login (Fedora CoreOS's shows static
# files): a cost of Debian's, not of SSH, that would be a good part of a light host's login.
sed -i '/pam_motd/d' ${q(`${root}/etc/pam.d/sshd`)}
mount -t proc proc ${q(`${root}/proc`)}
mount --rbind /dev ${q(`${root}/dev`)}
chroot ${q(root)} install -m 600 -o core -g core /dev/stdin /home/core/.ssh/authorized_keys < ${q(authorizedKeysFile)}
mount -t tmpfs -o mode=755 tmpfs ${q(`${root}/run`)}
mkdir -m 755 ${q(`${root}/run/sshd`)}
mount -t tmpfs -o mode=1777 tmpfs ${q(`${root}/tmp`)}
until ip link show eth0 >/dev/null 2>&1; do sleep 0.02; done
ip link set lo up
ip addr add ${q(`${spec.address}/${spec.prefixLength}`)} dev eth0
ip link set eth0 up
ip route add default via ${q(spec.gateway)}
exec chroot ${q(root)} /usr/sbin/sshd -D -e -o PrintLastLog=no
`;
}

/** Until `unshare` has made its network namespace, a link moved "into" it would land in the controller's. */
async function waitForOwnNetwork(pid: number, spec: LightHostSpec): Promise<void> {
  const controller = await readlink('/proc/self/ns/net');
  for (let waited = 0; waited < 10_000; waited += 10) {
    const own = await readlink(`/proc/${pid}/ns/net`).catch(() => undefined);
    if (own === undefined) break;
    if (own !== controller) return;
    await sleep(10);
  }
  const console = await readFile(join(spec.dir, 'console.log'), 'utf8').catch(() => '');
  throw new Error(`light host ${spec.name}: unshare did not make its namespaces; its log:\n${console.slice(-2000)}`);
}

/** Waits until the host's sshd sends its banner over the cluster network. */
async function waitForBanner(spec: LightHostSpec, pid: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && alive(pid)) {
    if (await banner(spec.address)) return;
    await sleep(50);
  }
  const console = await readFile(join(spec.dir, 'console.log'), 'utf8').catch(() => '');
  const why = alive(pid) ? `did not start sshd within ${timeoutMs} ms` : 'stopped while booting';
  throw new Error(`light host ${spec.name} ${why}; its log:\n${console.slice(-2000)}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function banner(address: string): Promise<boolean> {
  const socket = connect({ host: address, port: 22 });
  const signal = AbortSignal.timeout(2000);
  try {
    await once(socket, 'connect', { signal });
    const [chunk] = (await once(socket, 'data', { signal })) as [Buffer];
    return chunk.toString().startsWith('SSH-2.0');
  } catch {
    return false;
  } finally {
    socket.destroy();
  }
}
