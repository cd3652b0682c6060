// A run that does not end after it was abandoned (a second stop signal) is forced out, but never
// without its reports: they are written from what is known, the running task as failed with its
// outcome unknown, then corectl exits with the signal's code.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { FORCED_EXIT_MS } from '../../../src/cli/stop-signals.ts';
import { RunRecorder } from '../../../src/report/run-record.ts';

it('writes the reports before the forced exit, with the task still running said so, and exits 143', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'corectl-forced-'));
  const script = join(dir, 'stuck-run.ts');
  const out = join(dir, 'report.json');
  writeFileSync(script, `
import { writeFileSync } from 'node:fs';
import { watchStopSignals } from ${JSON.stringify(resolve('src/cli/stop-signals.ts'))};
import { RunRecorder } from ${JSON.stringify(resolve('src/report/run-record.ts'))};
const recorder = new RunRecorder({ corectl: 'test', inventory: [] });
recorder.listener({ kind: 'run-started', playbook: 'site.ts', check: false, diff: false, plan: [{ play: 'p', hosts: ['node1'], tasks: ['reboot', 'after'] }] });
recorder.listener({ kind: 'play-started', play: 'p', hosts: ['node1'], tasks: 2 });
recorder.listener({ kind: 'task-started', host: 'node1', task: 'reboot', module: 'reboot', handler: false });
watchStopSignals({
  graceMs: 60_000, onStopping() {}, onAbandon() {},
  beforeForcedExit: async (interrupt) => writeFileSync(${JSON.stringify(out)}, JSON.stringify(recorder.endUnfinished(interrupt.message))),
});
process.stdout.write('ready\\n');
// A reboot wait that never ends.
setInterval(() => {}, 1000);
`);
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((ready) => child.stdout.on('data', () => ready()));
  child.kill('SIGTERM');
  await new Promise((soon) => setTimeout(soon, 200));
  const abandoned = Date.now();
  child.kill('SIGTERM');
  const code = await new Promise<number | null>((exited) => child.on('exit', (c) => exited(c)));
  expect(code).toBe(143);
  expect(Date.now() - abandoned).toBeGreaterThanOrEqual(FORCED_EXIT_MS - 100);
  const record = JSON.parse(readFileSync(out, 'utf8'));
  expect(record).toMatchObject({ finished: false, stopped: expect.stringMatching(/^interrupted by SIGTERM/) });
  expect(record.hosts.node1.tasks).toEqual([expect.objectContaining({ task: 'reboot', status: 'failed', message: expect.stringMatching(/still running when corectl was forced to exit: what it did on the host is not known/) })]);
  expect(record.hosts.node1.counts).toMatchObject({ failed: 1 });
  expect(record.hosts.node1.notRun).toEqual([{ play: 'p', task: 'after' }]);
}, 30_000);

it("keeps a run's own record when it ended by itself", () => {
  const recorder = new RunRecorder({ corectl: 'test', inventory: [] });
  recorder.listener({ kind: 'run-finished', recap: {}, durationMs: 5, connections: 0, channels: 0, rebootRequired: {}, notRun: {} });
  expect(recorder.endUnfinished('forced')).toMatchObject({ finished: true, durationMs: 5 });
  expect(recorder.record.stopped).toBeUndefined();
});
