// play.block (Ansible's block/rescue/always) on the controller itself: a failure in the block runs
// rescue on that host, which takes the failure back (recap: rescued, not failed) and lets the host
// go on; always runs whatever happened; the block's keywords apply to its tasks; blocks nest; the
// failed task and its message are there for rescue; what a block cannot hold is refused at load.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { command, file } from '../../../modules/index.ts';
import { ConnectionPool } from '../../../src/connection/connection-pool.ts';
import { DEFAULT_CONNECTION_SETTINGS } from '../../../src/connection/connection-target.ts';
import { KnownHosts } from '../../../src/connection/known-hosts.ts';
import type { RunEvent } from '../../../src/executor/events.ts';
import { runPlaybook } from '../../../src/executor/run-playbook.ts';
import { loadInventory } from '../../../src/inventory/load-inventory.ts';
import { playbook } from '../../../src/playbook/dsl.ts';
import { validatePlaybook } from '../../../src/playbook/load-playbook.ts';
import { plainReporter } from '../../../src/report/plain-reporter.ts';
import { RunRecorder } from '../../../src/report/run-record.ts';
import { junitReport } from '../../../src/report/junit-report.ts';

async function run(build: Parameters<typeof playbook>[0], options: { check?: boolean; tags?: string[] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'corectl-block-'));
  writeFileSync(join(dir, 'hosts.ini'), '[local]\nbuild ansible_connection=local\n');
  const pool = new ConnectionPool({ ...DEFAULT_CONNECTION_SETTINGS, knownHosts: await KnownHosts.load([]), warn: () => {} });
  const events: RunEvent[] = [];
  let text = '';
  const plain = plainReporter((t) => (text += t), { diff: false });
  const recorder = new RunRecorder({ corectl: 'test', inventory: [] });
  const pb = playbook(build);
  validatePlaybook(pb);
  try {
    const summary = await runPlaybook({ playbook: pb, name: 'blocks.ts', inventory: await loadInventory(join(dir, 'hosts.ini')), pool, sshConfig: [], emit: (e) => { events.push(e); plain(e); recorder.listener(e); }, options: { check: options.check ?? false, diff: false, forks: 5, ...(options.tags && { tags: options.tags }) } });
    const finished = events.find((e): e is Extract<RunEvent, { kind: 'run-finished' }> => e.kind === 'run-finished')!;
    return { summary, events, text, record: recorder.record, recap: finished.recap.build!, notRun: finished.notRun, ran: events.filter((e) => e.kind === 'task-finished').map((e) => e.kind === 'task-finished' && `${e.task}=${e.result.status}`) };
  } finally {
    await pool.closeAll();
  }
}

describe('blocks', () => {
  it('a failure runs rescue on that host, which takes it back: rescued, not failed, and the play goes on; always runs too', async () => {
    const out = mkdtempSync(join(tmpdir(), 'corectl-block-out-'));
    const { summary, ran, recap, notRun, text, record } = await run((pb) => pb.play('p', { hosts: 'build', gatherFacts: false }, (play) => {
      play.block('upgrade', (b) => {
        b.task('stage', command({ argv: ['sh', '-c', 'echo staging failed >&2; exit 3'] }));
        b.task('never', file({ path: join(out, 'never'), content: 'x\n' }));
      }, {
        rescue: (r) => r.task('roll back', file((ctx) => ({ path: join(out, 'rescued'), content: `${ctx.failed?.task}: ${ctx.failed?.result.message}\n` }))),
        always: (a) => a.task('log', file({ path: join(out, 'always'), content: 'x\n' })),
      });
      play.task('after', file({ path: join(out, 'after'), content: 'x\n' }));
    }));
    expect(ran).toEqual(['stage=failed', 'roll back=changed', 'log=changed', 'after=changed']);
    expect(readFileSync(join(out, 'rescued'), 'utf8')).toBe('stage: staging failed; changed before failing: yes\n');
    expect(existsSync(join(out, 'never'))).toBe(false);
    expect(summary.failed).toBe(false);
    expect(recap).toMatchObject({ failed: 0, rescued: 1, changed: 3 });
    expect(notRun).toEqual({});
    expect(text).toMatch(/^build\s+ok=0 changed=3 failed=0 skipped=0 unreachable=0 ignored=0 rescued=1$/m);
    // Said where it happened, and not listed as a failure of the run.
    expect(text).toMatch(/^rescued\s+build\s+upgrade: the failure of "stage" was rescued$/m);
    expect(text).not.toMatch(/^FAILED/m);
    expect(record.hosts.build!.tasks.find((t) => t.task === 'stage')).toMatchObject({ status: 'failed', rescued: true });
    expect(junitReport(record)).toMatch(/<testcase [^>]*name="p: stage"[^>]*>\s*<skipped message="rescued failure: /);
  });

  it('a rescue that fails leaves the host failed, after always ran; without rescue, always runs and the host stays failed', async () => {
    const out = mkdtempSync(join(tmpdir(), 'corectl-block-out-'));
    const failing = (name: string) => command({ argv: ['sh', '-c', `echo ${name} >&2; exit 1`] });
    const { summary, ran, recap } = await run((pb) => pb.play('p', { hosts: 'build', gatherFacts: false }, (play) => {
      play.block('b', (b) => b.task('first', failing('first')), {
        rescue: (r) => r.task('rescue fails', failing('again')),
        always: (a) => a.task('always', file({ path: join(out, 'always'), content: 'x\n' })),
      });
      play.task('after', file({ path: join(out, 'after'), content: 'x\n' }));
    }));
    expect(ran).toEqual(['first=failed', 'rescue fails=failed', 'always=changed']);
    expect(summary.failed).toBe(true);
    expect(recap).toMatchObject({ failed: 2 });
    expect(recap.rescued).toBeUndefined();
  });

  it("applies the block's when, tags and ignoreErrors to its tasks, through nested blocks", async () => {
    const out = mkdtempSync(join(tmpdir(), 'corectl-block-out-'));
    const { ran } = await run((pb) => pb.play('p', { hosts: 'build', gatherFacts: false }, (play) => {
      play.block('never', (b) => b.task('skipped by the block', file({ path: join(out, 'x'), content: 'x\n' })), { when: () => false });
      play.block('outer', (b) => {
        b.block('inner', (i) => i.task('inner fails', command({ argv: ['false'] })));
        b.task('still runs', file({ path: join(out, 'y'), content: 'x\n' }));
      }, { ignoreErrors: true, tags: ['web'] });
      play.task('untagged', file({ path: join(out, 'z'), content: 'x\n' }));
    }), { tags: ['web'] });
    expect(ran).toEqual(['inner fails=failed', 'still runs=changed']);
  });

  it('check mode runs the same paths: a failure check mode predicts goes to rescue', async () => {
    const out = mkdtempSync(join(tmpdir(), 'corectl-block-out-'));
    const { ran, recap } = await run((pb) => pb.play('p', { hosts: 'build', gatherFacts: false }, (play) => {
      play.block('b', (b) => b.task('into a missing directory', file({ path: join(out, 'missing', 'x'), content: 'x\n' })), {
        rescue: (r) => r.task('rescue', file({ path: join(out, 'r'), content: 'x\n' })),
      });
    }), { check: true });
    expect(ran).toEqual(['into a missing directory=failed', 'rescue=changed']);
    expect(recap).toMatchObject({ failed: 0, rescued: 1 });
    expect(existsSync(join(out, 'r'))).toBe(false);
  });

  it('refuses at load what a block cannot hold, with file and line', () => {
    const pb = playbook((p) => p.play('p', { hosts: 'all' }, (play) => {
      play.block('b', (b) => {
        b.task('once', file({ path: '/tmp/x', content: 'x' }), { runOnce: true });
        b.controller('sign', () => {});
        b.flushHandlers();
      });
      play.block('empty', () => {});
    }));
    expect(() => validatePlaybook(pb)).toThrow(/blocks\.test\.ts:\d+:\d+: task "once" in a block: runOnce cannot be used in a block[\s\S]*controller step "sign" in a block[\s\S]*flushHandlers in a block[\s\S]*block "empty" has no task/);
  });
});
