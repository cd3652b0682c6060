// The cached root filesystem every test host boots from: Debian 13 (systemd 257, podman 5 with
// quadlet, OpenSSH, openssl, sudo) shaped like Fedora CoreOS where it matters: a `core` user with
// passwordless sudo, no root login. Built once with debootstrap and cached by a hash of this
// recipe, so changing the recipe rebuilds it and nothing else does.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from './run-command.ts';

export const CACHE_DIR = process.env.CORECTL_TEST_CACHE ?? '/var/cache/corectl-test';

const PACKAGES = [
  'systemd', 'systemd-sysv', 'dbus', 'openssh-server', 'iproute2', 'openssl', 'sudo',
  'podman', 'crun', 'netavark', 'aardvark-dns', 'nftables', 'catatonit', 'ca-certificates', 'chrony', 'diffutils',
  // jq for the rpm-ostree simulator (Fedora CoreOS ships jq too); busybox-static for test images.
  'jq', 'busybox-static',
  // Fedora CoreOS's awk, for hosts of the coreos flavor (test-host.ts); Debian's stays mawk.
  'gawk',
  // Users' own systemd managers (systemd scope user), as Fedora CoreOS has them.
  'libpam-systemd', 'dbus-user-session',
  // setfacl, for directories with a default ACL (which overrides the umask of files made in them).
  'acl',
  // curl, as Fedora CoreOS ships it: uri and getUrl fetch with it.
  'curl',
];

// Runs inside the new root with chroot. Host-specific files (hostname, SSH host keys,
// authorized_keys, machine-id) are written per host into its overlay, never here.
const CUSTOMIZE = `
set -eu
# Installing gawk made it awk; Debian's default is mawk (the coreos flavor switches per host).
update-alternatives --set awk /usr/bin/mawk
useradd --create-home --shell /bin/bash --comment 'CoreOS Admin' core
echo 'core ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/core
chmod 0440 /etc/sudoers.d/core
passwd --lock root
install -d -m 0700 -o core -g core /home/core/.ssh
rm -f /etc/ssh/ssh_host_*
cat > /etc/ssh/sshd_config.d/10-test-host.conf <<'CONF'
PermitRootLogin no
PasswordAuthentication no
KbdInteractiveAuthentication no
UseDNS no
HostKey /etc/ssh/ssh_host_ed25519_key
# Tests refuse host keys and keys on purpose, many times a minute from one address; OpenSSH 9.8+
# would then shut that address out for a while and fail the unrelated tests that follow.
PerSourcePenalties no
CONF
# Kernel modules cannot be loaded from a container; the unit would only mark the system degraded.
systemctl mask systemd-modules-load.service
# This machine withholds CAP_SYS_RESOURCE: podman must not manage cgroups on test hosts.
mkdir -p /etc/containers
printf '[containers]\\ncgroups = "disabled"\\n' > /etc/containers/containers.conf
# Quadlet passes --cgroups=split explicitly; a drop-in for every .container unit overrides it.
mkdir -p /etc/containers/systemd/container.d
printf '[Container]\\nPodmanArgs=--cgroups=disabled\\n' > /etc/containers/systemd/container.d/10-test-host.conf
# The controller's cgroup v1 hierarchy makes podman warn on every call; the warning is noise here.
echo PODMAN_IGNORE_CGROUPSV1_WARNING=1 >> /etc/environment
echo 'Defaults env_keep += "PODMAN_IGNORE_CGROUPSV1_WARNING"' > /etc/sudoers.d/10-test-host
chmod 0440 /etc/sudoers.d/10-test-host
mkdir -p /etc/systemd/system.conf.d
printf '[Manager]\\nDefaultEnvironment=PODMAN_IGNORE_CGROUPSV1_WARNING=1\\n' > /etc/systemd/system.conf.d/10-test-host.conf
: > /etc/machine-id
# Test hosts share the controller's clock: chronyd may serve and sync, but never set the clock.
echo 'DAEMON_OPTS="-x"' > /etc/default/chrony
`;

export const RECIPE_HASH = createHash('sha256').update(JSON.stringify({ PACKAGES, CUSTOMIZE, suite: 'trixie' })).digest('hex').slice(0, 12);

/**
 * The cached root for a recipe; `extraPackages` makes a separate variant (the benchmark's hosts
 * get python3 for Ansible, which Fedora CoreOS does not have and the test hosts must not either).
 */
export function rootfsPath(extraPackages: string[] = []): string {
  if (extraPackages.length === 0) return join(CACHE_DIR, `rootfs-${RECIPE_HASH}`);
  const hash = createHash('sha256').update(JSON.stringify({ RECIPE_HASH, extraPackages })).digest('hex').slice(0, 12);
  return join(CACHE_DIR, `rootfs-${variantName(extraPackages)}-${hash}`);
}

function variantName(extraPackages: string[]): string {
  return extraPackages.join('+').replace(/[^a-z0-9+]/g, '');
}

/** Returns the cached root filesystem, building it first if this recipe has none yet. */
export async function ensureRootfs(log: (line: string) => void = () => {}, extraPackages: string[] = []): Promise<string> {
  const target = rootfsPath(extraPackages);
  if (existsSync(join(target, 'etc/os-release'))) return target;
  await mkdir(CACHE_DIR, { recursive: true });
  const building = `${target}.building-${process.pid}`;
  await rm(building, { recursive: true, force: true });
  const mirror = await debianMirror();
  log(`building test host root filesystem (debootstrap trixie, about a minute) in ${target}`);
  await run('debootstrap', ['--variant=minbase', `--include=${[...PACKAGES, ...extraPackages].join(',')}`, 'trixie', building, mirror]);
  await run('chroot', [building, '/bin/sh', '-c', CUSTOMIZE]);
  await rename(building, target).catch(async () => {
    // Another process finished the same recipe first: keep theirs.
    await rm(building, { recursive: true, force: true });
  });
  await removeOldRootfs(target, extraPackages);
  return target;
}

/** The Debian mirror this machine's apt already uses (never a hard-coded one). */
async function debianMirror(): Promise<string> {
  const files = ['/etc/apt/sources.list', ...(await readdir('/etc/apt/sources.list.d').catch(() => [] as string[])).map((f) => `/etc/apt/sources.list.d/${f}`)];
  for (const file of files.filter((f) => /\.(list|sources)$/.test(f))) {
    const text = await readFile(file, 'utf8').catch(() => '');
    const uris = [...text.matchAll(/^URIs:\s*(\S+)/gm), ...text.matchAll(/^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+\S+/gm)].map((m) => m[1]!);
    const mirror = uris.find((uri) => /\/debian\/?$/.test(uri));
    if (mirror) return mirror;
  }
  throw new Error('no Debian mirror found in /etc/apt/sources.list*: the test hosts are built from the mirror apt uses');
}

/** Removes older recipes of the same variant that no host is using. */
async function removeOldRootfs(current: string, extraPackages: string[]): Promise<void> {
  const mounts = await readFile('/proc/mounts', 'utf8');
  const family = new RegExp(`^rootfs-${extraPackages.length ? `${variantName(extraPackages).replace(/\+/g, '\\+')}-` : ''}[0-9a-f]{12}$`);
  for (const entry of await readdir(CACHE_DIR)) {
    const path = join(CACHE_DIR, entry);
    if (family.test(entry) && path !== current && !mounts.includes(path)) await rm(path, { recursive: true, force: true });
  }
}
