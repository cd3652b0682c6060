// Test host networking: one bridge per cluster on the controller, one network namespace per host
// joined to it by a veth pair. Addresses come from a documentation range that this machine does
// not already route (this machine's own network may well be 192.0.2.0/24).
import { lookup } from 'node:dns/promises';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CACHE_DIR } from './rootfs.ts';
import { run, runForStatus } from './run-command.ts';

// Documentation ranges (RFC 5737), then /24s of the benchmarking range (RFC 2544): never routed on
// the internet, so a test host's address cannot collide with a real one. Several clusters are up at
// once in `npm test` (the shared one, the suites' own, one of the integration lane's); 198.19.0.0/16
// stays whole for the wide network of the scale tests.
const CANDIDATE_SUBNETS = ['198.51.100', '203.0.113', '198.18.0', '198.18.1', '198.18.2', '198.18.3', '192.0.2'];

export interface ClusterNetwork {
  bridge: string;
  /** First three octets, e.g. 198.51.100. */
  prefix: string;
  gateway: string;
}

export async function createClusterNetwork(cluster: string): Promise<ClusterNetwork> {
  const bridge = `ctlbr-${cluster}`.slice(0, 15);
  const prefix = await claimSubnet(bridge, CANDIDATE_SUBNETS, 24);
  if (!prefix) throw new Error(`no free documentation subnet for test hosts (tried ${CANDIDATE_SUBNETS.join(', ')}); stop other clusters first`);
  return { bridge, prefix, gateway: `${prefix}.1` };
}

// Choosing a subnet and taking it (the bridge's address adds the route the next choice looks at)
// happen under one lock: two clusters booting at once (suites with hosts of their own run side by
// side) would otherwise both find the same subnet free.
const CLAIM = `exec 9>"$1"; flock 9
ip -4 route show table all | grep -qF -- "$2." && exit 3
ip link add "$3" type bridge && ip addr add "$4" dev "$3" && ip link set "$3" up`;

/**
 * Makes `bridge` with the first candidate (a prefix of `bits` bits, written as its octets) that no
 * route uses and no address this machine needs falls in; the gateway is the subnet's first address.
 * Returns the prefix taken, or undefined when none is free.
 */
async function claimSubnet(bridge: string, candidates: string[], bits: 16 | 24): Promise<string | undefined> {
  const inUse = await addressesThisMachineNeeds();
  await mkdir(CACHE_DIR, { recursive: true });
  for (const prefix of candidates.filter((net) => !inUse.some((address) => address.startsWith(`${net}.`)))) {
    const gateway = bits === 24 ? `${prefix}.1/24` : `${prefix}.0.1/16`;
    const claim = await runForStatus('sh', ['-c', CLAIM, 'claim', join(CACHE_DIR, 'network.lock'), prefix, bridge, gateway]);
    if (claim.code === 0) return prefix;
    if (claim.code !== 3) throw new Error(`could not make the test bridge ${bridge} on ${prefix}: ${claim.stderr.trim()}`);
  }
  return undefined;
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
  const bridge = `ctlbr-${cluster}`.slice(0, 15);
  const prefix = await claimSubnet(bridge, ['198.19', '198.18'], 16);
  if (!prefix) throw new Error('no free /16 in 198.18.0.0/15 for light test hosts; stop other clusters first');
  const gateway = `${prefix}.0.1`;
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
