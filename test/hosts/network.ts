// Test host networking: one bridge per cluster on the controller, one network namespace per host
// joined to it by a veth pair. Addresses come from a documentation range that this machine does
// not already route (this machine's own network may well be 192.0.2.0/24).
import { lookup } from 'node:dns/promises';
import { readFile, writeFile } from 'node:fs/promises';
import { run } from './run-command.ts';

// Documentation ranges (RFC 5737), then the benchmarking range (RFC 2544): never routed on the
// internet, so a test host's address cannot collide with a real one.
const CANDIDATE_SUBNETS = ['198.51.100', '203.0.113', '198.18.0', '198.18.1', '198.19.0'];

export interface ClusterNetwork {
  bridge: string;
  /** First three octets, e.g. 198.51.100. */
  prefix: string;
  gateway: string;
}

export async function createClusterNetwork(cluster: string): Promise<ClusterNetwork> {
  const routes = await run('ip', ['-4', 'route', 'show', 'table', 'all']);
  const inUse = await addressesThisMachineNeeds();
  const prefix = CANDIDATE_SUBNETS.find((subnet) => !routes.includes(`${subnet}.`) && !inUse.some((address) => address.startsWith(`${subnet}.`)));
  if (!prefix) throw new Error(`no free documentation subnet for test hosts (tried ${CANDIDATE_SUBNETS.join(', ')}); stop other clusters first`);
  const bridge = `ctlbr-${cluster}`.slice(0, 15);
  const gateway = `${prefix}.1`;
  await run('ip', ['link', 'add', bridge, 'type', 'bridge']);
  await run('ip', ['addr', 'add', `${gateway}/24`, 'dev', bridge]);
  await run('ip', ['link', 'set', bridge, 'up']);
  return { bridge, prefix, gateway };
}

/** A /16 bridge network for clusters too big for a /24 (light hosts for scale runs). */
export interface WideNetwork {
  bridge: string;
  /** First two octets, e.g. 198.19. */
  prefix: string;
  gateway: string;
}

/**
 * A /16 of the benchmarking range (RFC 2544), unused by any route or address this machine needs.
 * A thousand hosts on one link also outgrow the controller's neighbour table (1,024 entries by
 * default: beyond it the kernel drops ARP entries and connections stall), so it is raised as far as
 * the cluster needs, never lowered.
 */
export async function createWideNetwork(cluster: string, hosts: number): Promise<WideNetwork> {
  const routes = await run('ip', ['-4', 'route', 'show', 'table', 'all']);
  const inUse = await addressesThisMachineNeeds();
  const prefix = ['198.19', '198.18'].find((net) => !routes.includes(`${net}.`) && !inUse.some((address) => address.startsWith(`${net}.`)));
  if (!prefix) throw new Error('no free /16 in 198.18.0.0/15 for light test hosts; stop other clusters first');
  const bridge = `ctlbr-${cluster}`.slice(0, 15);
  const gateway = `${prefix}.0.1`;
  await run('ip', ['link', 'add', bridge, 'type', 'bridge']);
  await run('ip', ['addr', 'add', `${gateway}/16`, 'dev', bridge]);
  await run('ip', ['link', 'set', bridge, 'up']);
  const thresholds = { gc_thresh1: hosts + 128, gc_thresh2: 2 * hosts + 512, gc_thresh3: 4 * hosts + 1024 };
  for (const [key, value] of Object.entries(thresholds)) {
    const file = `/proc/sys/net/ipv4/neigh/default/${key}`;
    if (Number(await readFile(file, 'utf8')) < value) await writeFile(file, String(value));
  }
  return { bridge, prefix, gateway };
}

/**
 * Addresses that must stay reachable through the machine's own network: its package mirrors and
 * name servers. Sandboxes sometimes put those in documentation ranges; a test bridge over one of
 * them would cut the machine off.
 */
async function addressesThisMachineNeeds(): Promise<string[]> {
  const sources = await run('sh', ['-c', 'cat /etc/apt/sources.list /etc/apt/sources.list.d/* /etc/resolv.conf 2>/dev/null; npm config get registry 2>/dev/null'], { allowFailure: true });
  const hosts = new Set([...sources.matchAll(/https?:\/\/([^/:\s]+)/g)].map((m) => m[1]!));
  const direct = [...sources.matchAll(/\b(\d+\.\d+\.\d+\.\d+)\b/g)].map((m) => m[1]!);
  const resolved = await Promise.all([...hosts].map((host) => lookup(host, { all: true, family: 4 }).then((r) => r.map((a) => a.address), () => [])));
  return [...direct, ...resolved.flat()];
}

/** A namespace for one host, on the cluster bridge, with `address` on its eth0. */
export async function createHostNamespace(netns: string, veth: string, network: ClusterNetwork, address: string): Promise<void> {
  await run('ip', ['netns', 'add', netns]);
  await run('ip', ['link', 'add', veth, 'type', 'veth', 'peer', 'name', `${veth}p`]);
  await run('ip', ['link', 'set', `${veth}p`, 'netns', netns]);
  await run('ip', ['-n', netns, 'link', 'set', `${veth}p`, 'name', 'eth0']);
  await run('ip', ['-n', netns, 'addr', 'add', `${address}/24`, 'dev', 'eth0']);
  await run('ip', ['-n', netns, 'link', 'set', 'eth0', 'up']);
  await run('ip', ['-n', netns, 'link', 'set', 'lo', 'up']);
  await run('ip', ['-n', netns, 'route', 'add', 'default', 'via', network.gateway]);
  await run('ip', ['link', 'set', veth, 'master', network.bridge]);
  await run('ip', ['link', 'set', veth, 'up']);
}

/**
 * A host reachable only from `bastionNetns`: a point-to-point veth between the two namespaces,
 * with /32 addresses, so no route leads to it from the controller.
 */
export async function createHiddenNamespace(netns: string, bastionNetns: string, veth: string, address: string, bastionAddress: string): Promise<void> {
  await run('ip', ['netns', 'add', netns]);
  await run('ip', ['link', 'add', veth, 'netns', bastionNetns, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', netns]);
  await run('ip', ['-n', bastionNetns, 'addr', 'add', `${bastionAddress}/32`, 'dev', veth]);
  await run('ip', ['-n', bastionNetns, 'link', 'set', veth, 'up']);
  await run('ip', ['-n', bastionNetns, 'route', 'add', `${address}/32`, 'dev', veth]);
  await run('ip', ['-n', netns, 'addr', 'add', `${address}/32`, 'dev', 'eth0']);
  await run('ip', ['-n', netns, 'link', 'set', 'eth0', 'up']);
  await run('ip', ['-n', netns, 'link', 'set', 'lo', 'up']);
  await run('ip', ['-n', netns, 'route', 'add', `${bastionAddress}/32`, 'dev', 'eth0']);
}

/** Cuts or restores a host's link (fault tests). */
export async function setLink(veth: string, up: boolean): Promise<void> {
  await run('ip', ['link', 'set', veth, up ? 'up' : 'down']);
}

export async function removeNamespace(netns: string): Promise<void> {
  for (const pid of (await run('ip', ['netns', 'pids', netns], { allowFailure: true })).split(/\s+/).filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await run('ip', ['netns', 'del', netns], { allowFailure: true });
}

export async function listNamespaces(prefix: string): Promise<string[]> {
  const out = await run('ip', ['netns', 'list'], { allowFailure: true });
  return out.split('\n').map((line) => line.split(' ')[0]!).filter((name) => name.startsWith(prefix));
}

export async function removeLink(name: string): Promise<void> {
  await run('ip', ['link', 'del', name], { allowFailure: true });
}
