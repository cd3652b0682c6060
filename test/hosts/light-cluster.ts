// A cluster of light hosts (light-host.ts) for scale benchmarks: up to 1,000 sshd-only hosts on
// one /16 bridge, with the same client key, known_hosts and corectl inventory files as a cluster
// of full hosts. The hosts have no systemd; their inventory puts them in the group `light` with
// `light_host: true`, so a workload can leave out what needs it. Torn down by stopCluster.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import PQueue from 'p-queue';
import { stringify } from 'yaml';
import { clusterDir, stopCluster } from './cluster.ts';
import { bootLightHost, type LightHost } from './light-host.ts';
import { createWideNetwork } from './network.ts';
import { processGroupOf } from './proc-stat.ts';
import { ensureRootfs } from './rootfs.ts';
import { run } from './run-command.ts';
import { stateWriter } from './state-file.ts';

/** A Linux bridge takes at most 1,024 ports. */
export const MAX_LIGHT_HOSTS = 1000;

export interface LightClusterOptions {
  name?: string;
  hosts: number;
  /** Debian packages beyond the test-host recipe (python3 for Ansible; see rootfs.ts). */
  extraPackages?: string[];
  log?: (line: string) => void;
}

export interface LightCluster {
  name: string;
  dir: string;
  hosts: LightHost[];
  clientKey: string;
  knownHosts: string;
  inventory: string;
  /** Milliseconds from the first host's boot to the last host's sshd answering. */
  bootMs: number;
  stop(): Promise<void>;
}

export async function startLightCluster(options: LightClusterOptions): Promise<LightCluster> {
  const name = options.name ?? 'scale';
  if (!/^[a-z][a-z0-9]{0,7}$/.test(name)) throw new Error(`cluster name "${name}" must be 1-8 lowercase letters and digits`);
  if (!Number.isInteger(options.hosts) || options.hosts < 1 || options.hosts > MAX_LIGHT_HOSTS) throw new Error(`a light cluster has 1 to ${MAX_LIGHT_HOSTS} hosts (one bridge)`);
  const log = options.log ?? (() => {});
  await stopCluster(name);
  const rootfs = await ensureRootfs(log, options.extraPackages);
  const dir = clusterDir(name);
  await mkdir(dir, { recursive: true });
  const state = { bridge: undefined as string | undefined, hosts: [] as { name: string; netns: string; dir: string; supervisorPid: number }[] };
  const saveState = stateWriter(join(dir, 'state.json'));
  const clientKey = join(dir, 'client_ed25519');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `corectl-test-${name}`, '-f', clientKey]);
  try {
    const network = await createWideNetwork(name, options.hosts);
    state.bridge = network.bridge;
    await saveState(state);
    log(`booting ${options.hosts} light hosts on ${network.prefix}.0.0/16`);
    const started = performance.now();
    // Booting is mostly process start-up and ssh-keygen; a few at a time per CPU keeps it steady.
    const queue = new PQueue({ concurrency: 16 });
    const hosts = await Promise.all(Array.from({ length: options.hosts }, (_, i) => queue.add(async () => {
      const offset = i + 10;
      const host = await bootLightHost({
        name: `${name}-node${i + 1}`,
        address: `${network.prefix}.${offset >> 8}.${offset & 255}`,
        veth: `${name}-${i + 1}`,
        bridge: network.bridge,
        gateway: network.gateway,
        prefixLength: 16,
        dir: join(dir, `node${i + 1}`),
      }, rootfs, `${clientKey}.pub`);
      state.hosts.push({ name: host.name, netns: '', dir: host.dir, supervisorPid: host.supervisorPid });
      await saveState(state);
      if ((i + 1) % 100 === 0) log(`${i + 1} light hosts up`);
      return host;
    })));
    const bootMs = performance.now() - started;
    const knownHosts = join(dir, 'known_hosts');
    await writeFile(knownHosts, hosts.map((h) => `${h.address} ${h.hostKey}\n`).join(''));
    const inventory = join(dir, 'inventory.yaml');
    await writeFile(inventory, lightInventory(hosts));
    return { name, dir, hosts, clientKey, knownHosts, inventory, bootMs, stop: () => stopCluster(name) };
  } catch (error) {
    await stopCluster(name);
    throw error;
  }
}

/** A corectl inventory of light hosts, to be written in the cluster's directory (key paths are relative). */
export function lightInventory(hosts: Pick<LightHost, 'name' | 'address'>[]): string {
  return stringify({
    defaults: { user: 'core', identityFile: './client_ed25519', knownHosts: './known_hosts' },
    hosts: Object.fromEntries(hosts.map((h) => [h.name, { address: h.address }])),
    groups: { light: { hosts: hosts.map((h) => h.name), vars: { light_host: true } } },
  });
}

/** What the light hosts' processes hold in memory together (proportional set size, shared pages split). */
export async function lightHostsMemoryKb(hosts: LightHost[]): Promise<number> {
  const pids = new Set(hosts.map((h) => h.supervisorPid));
  let total = 0;
  for (const pid of await allPids()) {
    if (!pids.has(processGroupOf(pid))) continue;
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
    total += Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0);
  }
  return total;
}

async function allPids(): Promise<number[]> {
  return (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry)).map(Number);
}
