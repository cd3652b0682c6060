// Every DSL feature against real hosts: each assertion fails if the feature is missing.
import { describe, expect, it } from 'vitest';
import { onHost, runPlaybookFile, testCluster } from './helpers.ts';

const FEATURES = 'test/fixtures/playbooks/dsl-features.ts';

describe('playbook features', async () => {
  const nodes = testCluster().hosts.map((h) => h.name);
  const run = await runPlaybookFile(FEATURES, { skipTags: ['skip-me'] });
  const base = '/tmp/corectl-features';

  it('runs loops as separate tasks and handlers once per host, only when notified by a change', async () => {
    for (const name of ['a', 'b', 'c']) expect(Object.keys(run.results(`loop file ${name}`)).sort()).toEqual([...nodes].sort());
    expect(Object.keys(run.results('count handler runs')).sort()).toEqual([...nodes].sort());
    expect(await onHost(nodes[0]!, `cat ${base}/handler-runs`)).toBe('run\n');
    // 'notify again' did not change anything, so the handler it alone notifies never ran.
    expect(run.results('never notified')).toEqual({});
  });

  it('skips a task whose when is false', () => {
    const when = run.results('only on the first node');
    expect(when[nodes[0]!]!.result.status).toBe('changed');
    expect(when[nodes[1]!]!.result).toMatchObject({ status: 'skipped', skipped: true });
  });

  it('lets a later task read a registered result', async () => {
    for (const node of nodes) expect(await onHost(node, `cat ${base}/registered`)).toBe(`${node}\n`);
  });

  it('retries until the task succeeds', async () => {
    const retries = run.events.filter((e) => e.kind === 'task-retry' && e.host === nodes[0] && e.task === 'retries until it works');
    expect(retries).toHaveLength(2);
    expect(run.results('retries until it works')[nodes[0]!]!.result.status).toBe('ok');
  });

  it('repeats a successful task until its condition holds', async () => {
    expect(run.events.filter((e) => e.kind === 'task-retry' && e.task === 'until the counter says 2' && e.host === nodes[0])).toHaveLength(1);
    expect(await onHost(nodes[0]!, `cat ${base}/until`)).toBe('2\n');
  });

  it('reports ignored failures and keeps going; failedWhen decides failure', () => {
    expect(run.results('fails but ignored')[nodes[0]!]).toMatchObject({ ignored: true, result: { failed: true, exitCode: 3 } });
    expect(run.results('failedWhen on output')[nodes[0]!]).toMatchObject({ ignored: true, result: { failed: true, exitCode: 0 } });
    expect(run.results('secret')[nodes[0]!]).toBeDefined();
  });

  it('lets changedWhen decide whether a command changed anything', () => {
    expect(run.results('clean slate')[nodes[0]!]!.result).toMatchObject({ status: 'ok', changed: false });
    expect(run.results('fails but ignored')[nodes[0]!]!.result.changed).toBe(true);
  });

  it('applies --skip-tags', async () => {
    expect(run.results('tagged skip-me')).toEqual({});
    expect(await onHost(nodes[0]!, `test -e ${base}/skipped-tag && echo yes || echo no`)).toBe('no\n');
  });

  it('runs a runOnce task on one host only', async () => {
    expect(Object.keys(run.results('run once'))).toHaveLength(1);
    const ran = (await Promise.all(nodes.map((n) => onHost(n, 'cat /tmp/corectl-features-once 2>/dev/null || true')))).filter(Boolean);
    expect(ran).toHaveLength(1);
  });

  it('redacts sensitive tasks in every event', () => {
    expect(JSON.stringify(run.events)).not.toContain('TOP-SECRET-VALUE');
    expect(run.results('secret')[nodes[0]!]!.sensitive).toBe(true);
  });

  it('gives tasks the vars as the play schema parsed them (defaults included)', async () => {
    expect(await onHost(nodes[0]!, `cat ${base}/flavour`)).toBe('vanilla');
  });

  it('opens one connection per host and at most one channel per task plus the fact probe', () => {
    const tasks = new Set(run.events.filter((e) => e.kind === 'task-finished').map((e) => (e as { task: string }).task)).size;
    expect(run.stats.connects).toBe(nodes.length);
    // retries cost a channel each: three extra on every host here
    expect(run.stats.channels).toBeLessThanOrEqual(nodes.length * (tasks + 1 + 3));
  });
});
