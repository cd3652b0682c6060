// assert and debug, decided on the controller: no command runs on the host (not one round trip),
// assert names the conditions that do not hold, debug's message shows in plain output and the
// JSON report although nothing changed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { assert, debug } from '../../../modules/index.ts';
import { playbook } from '../../../src/playbook/dsl.ts';
import { runOnController } from '../../controller-run.ts';
import { plainReporter } from '../../../src/report/plain-reporter.ts';
import { RunRecorder } from '../../../src/report/run-record.ts';

it('decides assert and debug on the controller, and says what they say', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'corectl-assert-'));
  writeFileSync(join(dir, 'hosts.ini'), 'here ansible_connection=local replicas=2\n');
  const recorder = new RunRecorder({ corectl: 'test', inventory: [] });
  let text = '';
  const plain = plainReporter((t) => (text += t), { diff: false });
  const { events, stats } = await runOnController(playbook((pb) => pb.play('p', { hosts: 'here', gatherFacts: false }, (play) => {
    play.task('say', debug((ctx) => ({ msg: `replicas: ${String(ctx.vars.replicas)}` })));
    play.task('holds', assert({ that: { 'one is one': true } }));
    play.task('does not hold', assert((ctx) => ({ that: { 'a name': true, 'three replicas or more': Number(ctx.vars.replicas) >= 3, 'an odd count': Number(ctx.vars.replicas) % 2 === 1 } })), { ignoreErrors: true });
  })), join(dir, 'hosts.ini'), {}, (e) => {
    recorder.listener(e);
    plain(e);
  });
  expect(stats.commands).toBe(0);
  const results = Object.fromEntries(events.flatMap((e) => (e.kind === 'task-finished' ? [[e.task, e.result]] : [])));
  expect(results['say']).toMatchObject({ status: 'ok', changed: false, message: 'replicas: 2' });
  expect(results['holds']).toMatchObject({ status: 'ok', message: 'All assertions passed' });
  expect(results['does not hold']).toMatchObject({ status: 'failed', message: 'Assertion failed: three replicas or more; an odd count' });
  expect(text).toMatch(/ok\s+here\s+say \(debug\): replicas: 2/);
  expect(recorder.record.hosts['here']!.tasks.find((t) => t.task === 'say')!.message).toBe('replicas: 2');
});
