// A cluster of test hosts for tests and for trying corectl by hand: starts N hosts (and
// optionally one more behind the first, reachable only through it), writes a client key, a
// known_hosts file and an inventory for them, and tears everything down again. Whatever a
// crashed run left behind under the same cluster name is removed before starting.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'yaml';
import { createClusterNetwork, createHiddenNamespace, createHostNamespace, listNamespaces, removeLink, removeNamespace } from './network.ts';
import { processGroupOf } from './proc-stat.ts';
import { CACHE_DIR, ensureRootfs } from './rootfs.ts';
import { run } from './run-command.ts';
import { stateWriter } from './state-file.ts';
import { bootHost, removeHostCgroups, stopHost, type FirstBoot, type TestHost } from './test-host.ts';
import { TEST_IMAGE, testImageArchive } from './test-image.ts';

export interface ClusterOptions {
  /** Separates clusters that run at once (tests, a developer's hosts, benchmarks). */
  name?: string;
  hosts: number;
  /** Adds `hidden1`, reachable only through the first host. */
  bastion?: boolean;
  /** Hosts (by index, from 0) shaped like Fedora CoreOS: bash as /bin/sh, gawk as awk. */
  coreos?: number[];
  /** Debian packages beyond the test-host recipe (a separate cached root; see rootfs.ts). */
  extraPackages?: string[];
  /** Provisions every host's root before it boots (the hidden host's too), instead of the harness's client key. */
  firstBoot?: FirstBoot;
  log?: (line: string) => void;
}

export interface TestCluster {
  name: string;
  dir: string;
  hosts: TestHost[];
  hidden?: TestHost;
  clientKey: string;
  knownHosts: string;
  inventory: string;
  /** The controller's address on the cluster's network: a server the test starts there is what the hosts reach. */
  gateway: string;
  stop(): Promise<void>;
}

interface ClusterState {
  bridge?: string;
  hosts: Pick<TestHost, 'name' | 'netns' | 'dir' | 'supervisorPid'>[];
}

export function clusterDir(name: string): string {
  return join(CACHE_DIR, 'clusters', name);
}

export async function startCluster(options: ClusterOptions): Promise<TestCluster> {
  const name = options.name ?? 'test';
  if (!/^[a-z][a-z0-9]{0,7}$/.test(name)) throw new Error(`cluster name "${name}" must be 1-8 lowercase letters and digits`);
  const log = options.log ?? (() => {});
  await stopCluster(name);
  const rootfs = await ensureRootfs(log, options.extraPackages);
  const dir = clusterDir(name);
  await mkdir(dir, { recursive: true });
  const state: ClusterState = { hosts: [] };
  const writeState = stateWriter(join(dir, 'state.json'));
  const saveState = () => writeState(state);
  const clientKey = join(dir, 'client_ed25519');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `corectl-test-${name}`, '-f', clientKey]);
  const clientPublicKey = await readFile(`${clientKey}.pub`, 'utf8');
  try {
    const network = await createClusterNetwork(name);
    state.bridge = network.bridge;
    await saveState();
    const specs = Array.from({ length: options.hosts }, (_, i) => ({
      name: `${name}-node${i + 1}`,
      address: `${network.prefix}.${10 + i}`,
      netns: `ctl-${name}-${i + 1}`,
      veth: `${name}-${i + 1}`,
      dir: join(dir, `node${i + 1}`),
      flavor: options.coreos?.includes(i) ? ('coreos' as const) : ('debian' as const),
    }));
    for (const spec of specs) await createHostNamespace(spec.netns, spec.veth, network, spec.address);
    const hiddenSpec = options.bastion
      ? { name: `${name}-hidden1`, address: `${network.prefix}.200`, netns: `ctl-${name}-hidden1`, dir: join(dir, 'hidden1') }
      : undefined;
    if (hiddenSpec) await createHiddenNamespace(hiddenSpec.netns, specs[0]!.netns, 'hidden1', hiddenSpec.address, `${network.prefix}.199`);
    await raiseInotifyLimits(specs.length + 1);
    log(`booting ${specs.length + (hiddenSpec ? 1 : 0)} test hosts on ${network.prefix}.0/24`);
    const boot = async (spec: (typeof specs)[number] | NonNullable<typeof hiddenSpec>) => {
      const host = await bootHost(spec, rootfs, clientPublicKey, options.firstBoot);
      state.hosts.push({ name: host.name, netns: host.netns, dir: host.dir, supervisorPid: host.supervisorPid });
      await saveState();
      return host;
    };
    const hosts = await Promise.all(specs.map(boot));
    const hidden = hiddenSpec ? await boot(hiddenSpec) : undefined;
    const all = hidden ? [...hosts, hidden] : hosts;
    const knownHosts = join(dir, 'known_hosts');
    await writeFile(knownHosts, all.map((h) => `${h.address} ${h.hostKey}\n`).join(''));
    const inventory = join(dir, 'inventory.yaml');
    await writeFile(inventory, clusterInventory(hosts, hidden, { identityFile: './client_ed25519', knownHosts: './known_hosts', imageArchive: await testImageArchive() }));
    return { name, dir, hosts, hidden, clientKey, knownHosts, inventory, gateway: network.gateway, stop: () => stopCluster(name) };
  } catch (error) {
    await stopCluster(name);
    throw error;
  }
}

/**
 * A corectl inventory for the cluster; paths are written as given (relative to the file). The
 * first host is the `dns` group of the example site; with no registry to pull CoreDNS from, it
 * runs a stand-in from the local test image: busybox httpd serving the same zone file over HTTP.
 */
export function clusterInventory(hosts: TestHost[], hidden: TestHost | undefined, paths: { identityFile: string; knownHosts: string; imageArchive: string }): string {
  const entries: Record<string, object> = {};
  for (const host of hosts) entries[host.name] = { address: host.address };
  if (hidden) entries[hidden.name] = { address: hidden.address, jump: hosts[0]!.name };
  return stringify({
    defaults: { user: 'core', identityFile: paths.identityFile, knownHosts: paths.knownHosts },
    hosts: entries,
    groups: {
      nodes: { hosts: hosts.map((h) => h.name) },
      dns: {
        hosts: [hosts[0]!.name],
        vars: {
          dns_zone: 'sandbox.test',
          dns_container: { image: TEST_IMAGE, archive: paths.imageArchive, exec: ['httpd', '-f', '-p', '8053', '-h', '/etc/coredns'], ports: ['8053:8053'], podmanArgs: ['--init'], health: 'http://127.0.0.1:8053/Corefile' },
          fleet_page: { image: TEST_IMAGE },
        },
      },
      // The PKI example's groups (playbooks/pki.ts).
      etcd: { hosts: hosts.slice(0, 3).map((h) => h.name) },
      web: { hosts: [hosts.at(-1)!.name] },
      ...(hidden ? { hidden: { hosts: [hidden.name] } } : {}),
    },
  });
}

/**
 * Every host's systemd and its services take inotify instances from one per-user budget (128 by
 * default, shared with the controller): dozens of hosts exhaust it and systemd fails to start with
 * "Too many open files". Raise the limits as far as the cluster needs; never lower them.
 */
async function raiseInotifyLimits(hosts: number): Promise<void> {
  const wanted = { max_user_instances: 128 + hosts * 16, max_user_watches: 65536 + hosts * 8192 };
  for (const [key, value] of Object.entries(wanted)) {
    const file = `/proc/sys/fs/inotify/${key}`;
    if (Number(await readFile(file, 'utf8')) < value) await writeFile(file, String(value));
  }
}

/** Stops a cluster's hosts and removes its namespaces, mounts, links and files; safe to repeat. */
export async function stopCluster(name: string): Promise<void> {
  const dir = clusterDir(name);
  const stateFile = join(dir, 'state.json');
  const state = await readState(stateFile);
  if (state) for (const host of state.hosts) await stopHost(host);
  else await killProcessGroupsUsing(dir);
  for (const netns of await listNamespaces(`ctl-${name}-`)) await removeNamespace(netns);
  await unmountUnder(dir);
  await removeHostCgroups(`${name}-`);
  await removeLink(state?.bridge ?? `ctlbr-${name}`);
  // Every veth of this cluster, not only those the state file knew of: a start interrupted between
  // creating a link and saving the state must not block the next start.
  const links = await run('ip', ['-o', 'link', 'show'], { allowFailure: true });
  for (const match of links.matchAll(new RegExp(`^\\d+: (${name}-\\d+)[@:]`, 'gm'))) await removeLink(match[1]!);
  await rm(dir, { recursive: true, force: true });
}

/** The saved state, or undefined when it cannot be read (a file an older harness wrote badly). */
async function readState(stateFile: string): Promise<ClusterState | undefined> {
  if (!existsSync(stateFile)) return { hosts: [] };
  try {
    return JSON.parse(await readFile(stateFile, 'utf8')) as ClusterState;
  } catch {
    return undefined;
  }
}

/** Without a state: every process group whose command line names a path under the cluster's dir. */
async function killProcessGroupsUsing(dir: string): Promise<void> {
  for (const pid of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(pid)) continue;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (!cmdline.includes(`${dir}/`)) continue;
    const pgid = processGroupOf(Number(pid));
    if (pgid > 1 && pgid !== process.pid) await stopHost({ supervisorPid: pgid, dir });
  }
}

async function unmountUnder(dir: string): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const mounts = (await readFile('/proc/mounts', 'utf8')).split('\n').map((line) => line.split(' ')[1] ?? '').filter((m) => m.startsWith(`${dir}/`));
    if (mounts.length === 0) return;
    for (const mount of mounts.reverse()) await run('umount', [mount], { allowFailure: true });
    await sleep(100);
  }
  const left = (await readFile('/proc/mounts', 'utf8')).split('\n').filter((l) => l.includes(`${dir}/`));
  for (const line of left) await run('umount', ['-l', line.split(' ')[1]!], { allowFailure: true });
}
