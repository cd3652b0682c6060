// One test host: a writable overlay over the cached root, per-host identity written into it, and
// systemd-nspawn booting it in the host's network namespace under a small supervisor that starts
// it again when it reboots (nspawn exits with 133 on `systemctl reboot`), so reboots are real.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openSync } from 'node:fs';
import { chmod, chown, copyFile, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { run } from './run-command.ts';

/**
 * `debian`: /bin/sh is dash and awk is mawk, as Debian has them. `coreos`: /bin/sh is bash and awk
 * is gawk, as on Fedora CoreOS, on the same root filesystem. Module scripts must work on both.
 */
export type HostFlavor = 'debian' | 'coreos';

export interface TestHostSpec {
  name: string;
  flavor?: HostFlavor;
  address: string;
  netns: string;
  /** The controller-side end of the host's link (absent for a host behind a bastion). */
  veth?: string;
  dir: string;
}

/**
 * Provisions a host's root before its first boot, as Ignition does a Fedora CoreOS host's: the
 * host then has no client key of the harness's (the provisioning must install one), and boots
 * for the first time (machine-id "uninitialized": systemd applies unit presets, as there).
 */
export type FirstBoot = (root: string, spec: TestHostSpec) => Promise<void>;

export interface TestHost extends TestHostSpec {
  port: number;
  /** `ssh-ed25519 AAAA...`: the host's public key, as known_hosts records it. */
  hostKey: string;
  supervisorPid: number;
}

// Container storage lives on the controller's own filesystem, bound in: podman's overlay driver
// cannot stack on the overlayfs that the host's root is. Every capability but the clock's: the
// hosts share the controller's clock, and timedated on a host (timezone with a local RTC) would
// otherwise set it, as it once set this machine's back an hour. A host's /etc/localtime is its
// own, as on a real machine (nspawn would otherwise set it from the controller's at every boot).
const NSPAWN_ARGS = (name: string, merged: string, netns: string, storage: string) => [
  '--boot', '--register=no', '--keep-unit', '-M', name, '-D', merged,
  `--network-namespace-path=/run/netns/${netns}`, '--capability=all', '--drop-capability=CAP_SYS_TIME', '--timezone=off',
  '--system-call-filter=@keyring bpf', '--bind=/dev/fuse', `--bind=${storage}:/var/lib/containers`,
];

export async function bootHost(spec: TestHostSpec, rootfs: string, clientPublicKey: string, firstBoot?: FirstBoot): Promise<TestHost> {
  const merged = join(spec.dir, 'merged');
  await Promise.all(['upper', 'work', 'merged', 'storage'].map((d) => mkdir(join(spec.dir, d), { recursive: true })));
  await run('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${rootfs},upperdir=${join(spec.dir, 'upper')},workdir=${join(spec.dir, 'work')}`, merged]);
  const hostKey = await writeIdentity(spec, merged, firstBoot ? undefined : clientPublicKey);
  // As Fedora CoreOS's sshd, this one reads the keys Ignition writes for a user.
  await writeFile(join(merged, 'etc/ssh/sshd_config.d/20-authorized-keys-d.conf'), 'AuthorizedKeysFile .ssh/authorized_keys .ssh/authorized_keys.d/ignition\n');
  // chronyd runs with -x (it never sets the clock: rootfs.ts), so it needs no CAP_SYS_TIME, which
  // the hosts do not have; Debian's unit asks for it all the same.
  await mkdir(join(merged, 'etc/systemd/system/chrony.service.d'), { recursive: true });
  await writeFile(join(merged, 'etc/systemd/system/chrony.service.d/10-test-host.conf'), '[Unit]\nConditionCapability=\n');
  await installCgrouplessCrun(merged);
  if (firstBoot) {
    await writeFile(join(merged, 'etc/machine-id'), 'uninitialized\n');
    await firstBoot(merged, spec);
  }
  if (spec.flavor === 'coreos') await shapeLikeCoreos(merged);
  await installRpmOstreeSimulator(merged);
  // A unit that ignores SIGTERM must not hold a test host's reboot for systemd's default 90 s.
  await mkdir(join(merged, 'etc/systemd/system.conf.d'), { recursive: true });
  await writeFile(join(merged, 'etc/systemd/system.conf.d/20-test-host-stop.conf'), '[Manager]\nDefaultTimeoutStopSec=10s\n');
  const supervisorPid = startSupervisor(spec, merged);
  await waitForSsh(spec.netns, spec.name, join(spec.dir, 'console.log'), merged);
  return { ...spec, port: 22, hostKey, supervisorPid };
}

async function writeIdentity(spec: TestHostSpec, root: string, clientPublicKey: string | undefined): Promise<string> {
  await writeFile(join(root, 'etc/hostname'), `${spec.name}\n`);
  await writeFile(join(root, 'etc/hosts'), `127.0.0.1 localhost\n127.0.1.1 ${spec.name}\n${spec.address} ${spec.name}\n`);
  await writeFile(join(root, 'etc/machine-id'), `${randomBytes(16).toString('hex')}\n`);
  // As on a real host (debootstrap leaves these 0755).
  await Promise.all(['etc/hostname', 'etc/hosts', 'etc/machine-id'].map((f) => chmod(join(root, f), 0o644)));
  const keyFile = join(root, 'etc/ssh/ssh_host_ed25519_key');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `root@${spec.name}`, '-f', keyFile]);
  const publicKey = (await readFile(`${keyFile}.pub`, 'utf8')).trim().split(' ').slice(0, 2).join(' ');
  if (clientPublicKey === undefined) return publicKey;
  const passwd = await readFile(join(root, 'etc/passwd'), 'utf8');
  const [, , uid, gid] = passwd.split('\n').find((line) => line.startsWith('core:'))!.split(':');
  const authorizedKeys = join(root, 'home/core/.ssh/authorized_keys');
  await writeFile(authorizedKeys, `${clientPublicKey.trim()}\n`);
  await chown(authorizedKeys, Number(uid), Number(gid));
  await chmod(authorizedKeys, 0o600);
  return publicKey;
}

/** bash as /bin/sh and gawk as awk, in the host's own overlay. */
async function shapeLikeCoreos(root: string): Promise<void> {
  await rm(join(root, 'usr/bin/sh'), { force: true });
  await symlink('bash', join(root, 'usr/bin/sh'));
  await rm(join(root, 'etc/alternatives/awk'), { force: true });
  await symlink('/usr/bin/gawk', join(root, 'etc/alternatives/awk'));
}

/** The rpm-ostree simulator and its boot unit (test/hosts/rpm-ostree/), in place of the real tool. */
async function installRpmOstreeSimulator(root: string): Promise<void> {
  const source = join(import.meta.dirname, 'rpm-ostree');
  await copyFile(join(source, 'rpm-ostree'), join(root, 'usr/bin/rpm-ostree'));
  await chmod(join(root, 'usr/bin/rpm-ostree'), 0o755);
  await mkdir(join(root, 'usr/libexec'), { recursive: true });
  await symlink('/usr/bin/rpm-ostree', join(root, 'usr/libexec/rpm-ostree-sim-boot'));
  await copyFile(join(source, 'rpm-ostree-sim-boot.service'), join(root, 'etc/systemd/system/rpm-ostree-sim-boot.service'));
  await mkdir(join(root, 'etc/systemd/system/sysinit.target.wants'), { recursive: true });
  await symlink('../rpm-ostree-sim-boot.service', join(root, 'etc/systemd/system/sysinit.target.wants/rpm-ostree-sim-boot.service'));
}

function startSupervisor(spec: TestHostSpec, merged: string): number {
  const nspawn = NSPAWN_ARGS(spec.name, merged, spec.netns, join(spec.dir, 'storage')).map((a) => `'${a}'`).join(' ');
  const script = `${enterOwnCgroup(spec.name)}\nwhile :; do systemd-nspawn ${nspawn}; rc=$?; echo "[harness] nspawn exited with $rc" >&2; [ "$rc" -eq 133 ] || exit "$rc"; done`;
  const log = openSync(join(spec.dir, 'console.log'), 'a');
  const child = spawn('bash', ['-c', script], {
    detached: true, // own process group: survives `hosts up` exiting, and is killed as a group
    stdio: ['ignore', log, log],
    env: { ...process.env, SYSTEMD_NSPAWN_API_VFS_WRITABLE: '1' },
  });
  child.unref();
  return child.pid!;
}

/** Where each host's cgroups live, in every cgroup hierarchy systemd uses (hybrid or unified). */
const CGROUP_ROOTS = ['/sys/fs/cgroup/systemd', '/sys/fs/cgroup/unified', '/sys/fs/cgroup'];
const CGROUP_PARENT = 'corectl-test';

/**
 * Shell lines that move the supervisor into a cgroup of its own. Where no systemd runs on the
 * controller, nspawn puts the container in the cgroup it was started from; without this every host
 * would share one tree, and a host's shutdown would wait for the same-named cgroup of another
 * (user-1000.slice of the core user logged in on both).
 */
function enterOwnCgroup(hostName: string): string {
  return CGROUP_ROOTS.map((root) => {
    const own = `${root}/${CGROUP_PARENT}/${hostName}`;
    return `[ -e ${root}/cgroup.procs ] && mkdir -p ${own} 2>/dev/null && echo $$ > ${own}/cgroup.procs 2>/dev/null`;
  }).join('\n');
}

/** Removes the cgroups of stopped hosts whose names start with `prefix` (empty ones only, deepest first). */
export async function removeHostCgroups(prefix: string): Promise<void> {
  for (const root of CGROUP_ROOTS) {
    const parent = join(root, CGROUP_PARENT);
    const names = await readdir(parent).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.startsWith(prefix))) {
      await run('find', [join(parent, name), '-depth', '-type', 'd', '-exec', 'rmdir', '{}', ';'], { allowFailure: true });
    }
  }
}

/**
 * Waits until sshd on the host sends its banner, checked from inside the host's namespace. When it
 * does not come, the error carries the console and what the host's own journal says of sshd (the
 * console only says that it failed).
 */
export async function waitForSsh(netns: string, name: string, consoleLog: string, root: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    // --norc: bash whose stdin is a socket (node's pipes are) reads ~/.bashrc, which on a
    // developer's machine can take longer than the 2 s allowed (a pyenv init took 60 s).
    const banner = await run('ip', ['netns', 'exec', netns, 'timeout', '2', 'bash', '--norc', '-c', 'exec 3<>/dev/tcp/127.0.0.1/22 && head -c 8 <&3'], { allowFailure: true });
    if (banner.startsWith('SSH-2.0')) return;
    await sleep(200);
  }
  const console = await readFile(consoleLog, 'utf8').catch(() => '');
  const journal = await run('journalctl', ['--directory', join(root, 'var/log/journal'), '--no-pager', '-o', 'short-monotonic', '-n', '60', '-u', 'ssh.service', '-u', 'sshd-keygen.service'], { allowFailure: true });
  throw new Error(`test host ${name} did not start sshd within ${timeoutMs} ms; console:\n${console.slice(-2000)}\nits journal of ssh.service:\n${journal.slice(-4000)}`);
}

export async function stopHost(host: Pick<TestHost, 'supervisorPid' | 'dir'>): Promise<void> {
  try {
    process.kill(-host.supervisorPid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** podman's crun, wrapped so that no container asks for cgroups (crun-without-cgroups.sh says why). */
async function installCgrouplessCrun(merged: string): Promise<void> {
  const wrapper = 'usr/local/libexec/test-host/crun';
  await mkdir(join(merged, 'usr/local/libexec/test-host'), { recursive: true });
  await copyFile(new URL('./crun-without-cgroups.sh', import.meta.url), join(merged, wrapper));
  await chmod(join(merged, wrapper), 0o755);
  await mkdir(join(merged, 'etc/containers/containers.conf.d'), { recursive: true });
  await writeFile(join(merged, 'etc/containers/containers.conf.d/10-test-host.conf'), `[engine.runtimes]\ncrun = ["/${wrapper}"]\n`);
}
