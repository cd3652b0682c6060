// Latency and stalls on one host's link (through a delaying proxy: no netem here). The run
// completes, that host is slower, and the other hosts are not held back by it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnownHosts } from '../../src/connection/known-hosts.ts';
import type { RunEvent } from '../../src/executor/events.ts';
import { playbook } from '../../src/playbook/dsl.ts';
import { shell } from '../../modules/index.ts';
import { runInProcess, testCluster } from '../integration/helpers.ts';
import { FaultProxy } from './fault-proxy.ts';
import { inventoryCopy } from './fault-helpers.ts';

const TASKS = 8;
const pb = playbook((p) => p.play('steady work', { hosts: 'nodes', become: true }, (play) => {
  for (let n = 1; n <= TASKS; n++) play.task(`step ${n}`, shell({ script: `echo ${n} >> /tmp/corectl-slow-link` }));
}));

type Finished = Extract<RunEvent, { kind: 'task-finished' }> & { at: number };

describe('a slow, stalling link to one host', () => {
  const cluster = testCluster();
  const slow = cluster.hosts[0]!;
  let proxy: FaultProxy;

  beforeAll(async () => {
    proxy = await FaultProxy.start({ address: slow.address, port: 22 });
  });
  afterAll(() => proxy.close());

  async function runThroughProxy(onEvent: (event: Finished) => void = () => {}) {
    const copy = inventoryCopy(cluster, cluster.hosts, { [slow.name]: { address: '127.0.0.1', port: proxy.port } });
    const finished: Finished[] = [];
    const run = await runInProcess(pb, 'slow link', { check: false, diff: false, forks: 50 }, {
      inventory: copy.inventory,
      settings: { knownHosts: await KnownHosts.load([copy.knownHosts]) },
      onEvent: (event) => {
        if (event.kind !== 'task-finished') return;
        const timed = { ...event, at: Date.now() };
        finished.push(timed);
        onEvent(timed);
      },
    });
    const lastOf = (host: string) => Math.max(...finished.filter((e) => e.host === host).map((e) => e.at));
    const nth = (host: string, n: number) => finished.filter((e) => e.host === host)[n - 1]!.at;
    return { run, finished, lastOf, nth };
  }

  it('finishes on every host; the others finish before the slow host is half way', async () => {
    proxy.delayMs = 60;
    const { run, finished, lastOf, nth } = await runThroughProxy();
    const problems = run.events.flatMap((e) => (e.kind === 'host-unreachable' ? [`${e.host} unreachable: ${e.message}`] : e.kind === 'task-finished' && e.result.failed ? [`${e.host} ${e.task}: ${e.result.message}`] : []));
    expect(run.summary.failed || run.summary.unreachable, problems.join('\n')).toBe(false);
    expect(finished.filter((e) => e.result.status === 'changed')).toHaveLength(TASKS * cluster.hosts.length);
    for (const other of cluster.hosts.slice(1)) expect(lastOf(other.name)).toBeLessThan(nth(slow.name, TASKS / 2));
  });

  it('rides out a stall of several seconds; the others are done before it ends', async () => {
    proxy.delayMs = 0;
    let stallEnds = 0;
    const { run, lastOf } = await runThroughProxy((event) => {
      if (event.host === slow.name && event.task === 'step 2') {
        proxy.stall(4000);
        stallEnds = Date.now() + 4000;
      }
    });
    expect(run.summary.failed || run.summary.unreachable).toBe(false);
    expect(lastOf(slow.name)).toBeGreaterThanOrEqual(stallEnds);
    for (const other of cluster.hosts.slice(1)) expect(lastOf(other.name)).toBeLessThan(stallEnds);
  });
});
