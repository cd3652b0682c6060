// The task graph's ordering guarantees, measured on the hosts themselves.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { onHost, runPlaybookFile, testCluster } from './helpers.ts';

const ORDERING = 'test/fixtures/playbooks/ordering.ts';

async function timeline(host: string): Promise<Record<string, number>> {
  const text = await onHost(host, 'cat /tmp/corectl-order');
  return Object.fromEntries(text.trim().split('\n').map((line) => line.split(' ')).map(([what, ns]) => [what!, Number(ns) / 1e6]));
}

describe('task graph ordering', async () => {
  const nodes = testCluster().hosts.map((h) => h.name);
  const log = join(mkdtempSync(join(tmpdir(), 'corectl-controller-')), 'calls');
  process.env.CORECTL_TEST_CONTROLLER_LOG = log;
  const run = await runPlaybookFile(ORDERING);
  const controllerCalls = readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { hosts: string[]; at: number });
  const times = Object.fromEntries(await Promise.all(nodes.map(async (n) => [n, await timeline(n)] as const)));

  it('runs flushed handlers where the flush stands', () => {
    for (const node of nodes) expect(times[node]!.handler).toBeLessThan(times[node]!.slow!);
  });

  it('runs a controller step once, after every host, and `after` waits for all hosts', () => {
    expect(controllerCalls).toHaveLength(1);
    expect(controllerCalls[0]!.hosts.sort()).toEqual([...nodes].sort());
    const slowest = Math.max(...nodes.map((n) => times[n]!.slow!));
    for (const node of nodes) expect(times[node]!.after).toBeGreaterThanOrEqual(slowest);
  });

  it('runs independent tasks side by side and joins before the next task', () => {
    for (const node of nodes) {
      const t = times[node]!;
      expect(Math.abs(t.ind1! - t.ind2!)).toBeLessThan(700);
      expect(t.joined).toBeGreaterThanOrEqual(Math.max(t.ind1!, t.ind2!));
    }
  });

  it('rolls out in batches and stops when a batch exceeds maxFailPercentage', () => {
    const batches = run.events.filter((e) => e.kind === 'batch-started');
    expect(batches.map((b) => (b as { hosts: string[] }).hosts)).toEqual([[nodes[0]], [nodes[1]]]);
    expect(run.events.some((e) => e.kind === 'play-stopped')).toBe(true);
    expect(run.results('fail on node2')[nodes[2]!]).toBeUndefined();
    expect(run.summary.failed).toBe(true);
  });
});
