// The harness itself: a crashed cluster is cleaned up by the next start, and stopping leaves no
// namespace, mount, link or process behind.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clusterDir, startCluster } from '../hosts/cluster.ts';
import { createClusterNetwork, removeLink } from '../hosts/network.ts';
import { onHost, testCluster } from './helpers.ts';

function leftovers(name: string) {
  const netns = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').filter((l) => l.startsWith(`ctl-${name}-`));
  const mounts = readFileSync('/proc/mounts', 'utf8').split('\n').filter((l) => l.includes(clusterDir(name)));
  const links = execFileSync('ip', ['-o', 'link'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(`${name}-`) || l.includes(`ctlbr-${name}`));
  const processes = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(`-M ${name}-node`));
  return { netns, mounts, links, processes };
}

describe('test host harness', () => {
  it('cleans up after a crashed run and leaves nothing behind when stopped', async () => {
    const first = await startCluster({ name: 'harness', hosts: 1 });
    expect(leftovers('harness').processes.length).toBeGreaterThan(0);
    // A second start under the same name is what follows a crash: it must take over cleanly.
    const second = await startCluster({ name: 'harness', hosts: 1 });
    expect(second.hosts[0]!.hostKey).not.toBe(first.hosts[0]!.hostKey);
    await second.stop();
    expect(leftovers('harness')).toEqual({ netns: [], mounts: [], links: [], processes: [] });
  });

  it('gives two clusters that make their networks at the same moment different subnets', async () => {
    const made = await Promise.allSettled([createClusterNetwork('racea'), createClusterNetwork('raceb')]);
    const networks = made.flatMap((m) => (m.status === 'fulfilled' ? [m.value] : []));
    await Promise.all(networks.map((n) => removeLink(n.bridge)));
    expect(networks).toHaveLength(2);
    expect(networks[0]!.prefix).not.toBe(networks[1]!.prefix);
  });

  it('shapes hosts of the coreos flavor like Fedora CoreOS (bash as /bin/sh, gawk) and leaves the others Debian (dash, mawk)', async () => {
    const probe = 'readlink -f /bin/sh; awk --version 2>&1 | head -n 1 | cut -d" " -f1-2; awk -W version 2>&1 | head -n 1 | cut -d" " -f1';
    const byFlavor = Object.fromEntries(await Promise.all(testCluster().hosts.map(async (h) => [h.flavor, await onHost(h.name, probe)])));
    expect(byFlavor.coreos).toMatch(/^\/usr\/bin\/bash\nGNU Awk/);
    expect(byFlavor.debian).toMatch(/^\/usr\/bin\/dash\n.*\nmawk/);
  });

  it('removes links a start interrupted before it saved its state, wherever they are numbered', async () => {
    // A start killed between creating host 5's link and recording it left exactly this behind.
    execFileSync('ip', ['link', 'add', 'harness-5', 'type', 'veth', 'peer', 'name', 'harness-5p']);
    const cluster = await startCluster({ name: 'harness', hosts: 5 });
    await cluster.stop();
    expect(leftovers('harness')).toEqual({ netns: [], mounts: [], links: [], processes: [] });
  });
});
