// play.loop (Ansible's `loop`): items each host gives at run time, one module run per item in
// order, `when` per item, one result registered as Ansible's `results`, one count in the recap,
// per-item lines and records, and check mode per item. On the controller itself
// (ansible_connection=local), so no test host is needed.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { file } from '../../../modules/index.ts';
import { ConnectionPool } from '../../../src/connection/connection-pool.ts';
import { DEFAULT_CONNECTION_SETTINGS } from '../../../src/connection/connection-target.ts';
import { KnownHosts } from '../../../src/connection/known-hosts.ts';
import type { RunEvent } from '../../../src/executor/events.ts';
import { runPlaybook } from '../../../src/executor/run-playbook.ts';
import { loadInventory } from '../../../src/inventory/load-inventory.ts';
import { playbook } from '../../../src/playbook/dsl.ts';
import { plainReporter } from '../../../src/report/plain-reporter.ts';
import { RunRecorder } from '../../../src/report/run-record.ts';

interface Vars { dir: string; names: string[] }

async function run(dir: string, names: string[], build: Parameters<typeof playbook>[0], check = false) {
  writeFileSync(join(dir, 'hosts.yaml'), `hosts:\n  build:\n    connection: local\n    vars:\n      dir: ${dir}\n      names: ${JSON.stringify(names)}\n`);
  const pool = new ConnectionPool({ ...DEFAULT_CONNECTION_SETTINGS, knownHosts: await KnownHosts.load([]), warn: () => {} });
  const events: RunEvent[] = [];
  const recorder = new RunRecorder({ corectl: 'test', inventory: [] });
  let text = '';
  const plain = plainReporter((t) => (text += t), { diff: false });
  try {
    const summary = await runPlaybook({
      playbook: playbook(build), name: 'loops.ts', inventory: await loadInventory(join(dir, 'hosts.yaml')), pool, sshConfig: [],
      emit: (e) => { events.push(e); recorder.listener(e); plain(e); }, options: { check, diff: false, forks: 5 },
    });
    return { summary, events, record: recorder.record, text };
  } finally {
    await pool.closeAll();
  }
}

describe('per-host loops', () => {
  it("runs one item at a time from the host's own vars, asks `when` per item, and registers every item's result", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corectl-loop-'));
    let seen: string[] = [];
    const { summary, events, record, text } = await run(dir, ['alpha', 'beta', 'gamma'], (pb) => pb.play<Vars>('p', { hosts: 'build', gatherFacts: false }, (play) => {
      const files = play.loop('files', ({ vars }) => vars.names.map((name) => ({ name })), (item, { vars }) => file({ path: join(vars.dir, item.name), content: `${item.name}\n` }), {
        loopLabel: (item) => item.name,
        when: (_ctx, item) => item.name !== 'beta',
      });
      play.task('read back', file({ path: join(dir, 'summary'), content: 'x\n' }), {
        when: (ctx) => {
          // Typed from the loop's items: r.item.name is a string.
          seen = ctx.result(files)?.results.map((r) => `${r.item.name}:${r.status}`) ?? [];
          return true;
        },
      });
    }));
    expect(summary.failed).toBe(false);
    expect(readFileSync(join(dir, 'alpha'), 'utf8')).toBe('alpha\n');
    expect(existsSync(join(dir, 'beta'))).toBe(false);
    expect(seen).toEqual(['alpha:changed', 'beta:skipped', 'gamma:changed']);
    const items = events.filter((e) => e.kind === 'task-finished' && e.item !== undefined);
    expect(items.map((e) => e.kind === 'task-finished' && e.item)).toEqual(['alpha', 'beta', 'gamma']);
    // One count for the loop in the recap, as Ansible's.
    const finished = events.find((e) => e.kind === 'run-finished');
    expect(finished?.kind === 'run-finished' && finished.recap.build).toMatchObject({ changed: 2, ok: 0, skipped: 0 });
    expect(record.hosts.build!.tasks[0]).toMatchObject({ task: 'files', status: 'changed', message: '3 items, 2 changed, 1 skipped', items: [{ label: 'alpha', status: 'changed' }, { label: 'beta', status: 'skipped' }, { label: 'gamma', status: 'changed' }] });
    expect(text).toMatch(/^changed\s+build\s+files \(item alpha\) \(file .*\/alpha\): file is missing$/m);
    expect(text).toMatch(/^changed\s+build\s+files \(file\): 3 items, 2 changed, 1 skipped$/m);
    expect(text).toMatch(/^skipped\s+build\s+files \(item beta\) \(file\): condition is false$/m);
  });

  it('a failed item fails the loop after every item ran, and names the item; an empty list is skipped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corectl-loop-'));
    const { summary, record } = await run(dir, ['ok1', 'missing/ok2', 'ok3'], (pb) => pb.play<Vars>('p', { hosts: 'build', gatherFacts: false }, (play) => {
      play.loop('files', ({ vars }) => vars.names, (name, { vars }) => file({ path: join(vars.dir, name), content: 'x\n' }));
      play.loop('none', () => [] as string[], (name) => file({ path: join(dir, name), content: 'x\n' }));
    }));
    expect(summary.failed).toBe(true);
    expect(existsSync(join(dir, 'ok3'))).toBe(true);
    expect(record.hosts.build!.tasks[0]).toMatchObject({ status: 'failed', message: expect.stringMatching(/^3 items, 2 changed, 1 failed; item missing\/ok2: /) });
    // The host failed: the next task did not run.
    expect(record.hosts.build!.notRun).toEqual([{ play: 'p', task: 'none' }]);
    const dir2 = mkdtempSync(join(tmpdir(), 'corectl-loop-'));
    const empty = await run(dir2, [], (pb) => pb.play<Vars>('p', { hosts: 'build', gatherFacts: false }, (play) => {
      play.loop('none', ({ vars }) => vars.names, (name) => file({ path: join(dir2, name), content: 'x\n' }));
    }));
    expect(empty.record.hosts.build!.tasks[0]).toMatchObject({ status: 'skipped', message: 'no items' });
  });

  it('check mode per item: changed where the run would change, ok where the host already matches, nothing written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corectl-loop-'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'there'), 'there\n');
    const build: Parameters<typeof playbook>[0] = (pb) => pb.play<Vars>('p', { hosts: 'build', gatherFacts: false }, (play) => {
      play.loop('files', ({ vars }) => vars.names, (name, { vars }) => file({ path: join(vars.dir, name), content: `${name}\n` }));
    });
    const checked = await run(dir, ['there', 'new'], build, true);
    expect(checked.record.hosts.build!.tasks[0]!.items).toEqual([expect.objectContaining({ label: 'there', status: 'ok' }), expect.objectContaining({ label: 'new', status: 'changed' })]);
    expect(existsSync(join(dir, 'new'))).toBe(false);
    const real = await run(dir, ['there', 'new'], build);
    expect(real.record.hosts.build!.tasks[0]!.items!.map((i) => i.status)).toEqual(['ok', 'changed']);
  });

  it('finds a misspelt option in an item before any task runs (the pre-flight check, as with --no-typecheck)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corectl-loop-'));
    await expect(run(dir, ['a', 'b'], (pb) => pb.play<Vars>('p', { hosts: 'build', gatherFacts: false }, (play) => {
      play.task('first', file({ path: join(dir, 'first'), content: 'x\n' }));
      play.loop('files', ({ vars }) => vars.names, (name, { vars }) => file((() => ({ path: join(vars.dir, name), contnt: 'x' })) as never));
    }))).rejects.toThrow(/per-host-loops\.test\.ts:\d+:\d+: task "files": file: unknown option `contnt`.* \(for build\)/);
    expect(existsSync(join(dir, 'first'))).toBe(false);
  });
});

