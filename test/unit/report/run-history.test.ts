// Kept runs: IDs from the start time (same-second runs numbered), retention by count, oldest
// first, and a file that is not a report listed as unreadable rather than breaking the list.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { outcome } from '../../../src/cli/runs-command.ts';
import { keepRun, listRuns, runIds } from '../../../src/report/run-history.ts';
import type { RunRecord } from '../../../src/report/run-record.ts';

const record = (startedAt: string, check = true): RunRecord => ({
  corectl: '0.1.0', inventory: ['inventory'], playbook: 'site.ts', check, startedAt, durationMs: 1200, finished: true,
  hosts: { web1: { counts: { ok: 3, changed: 1, failed: 0, skipped: 0, unreachable: 0, ignored: 0 }, notRun: [], tasks: [] } },
});
const noWarnings = (message: string) => expect.fail(message);

it('names runs by start time and kind, numbers runs of the same second, and keeps the newest N', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'corectl-runs-'));
  expect(await keepRun(dir, record('2026-11-30T02:30:12.345Z'), 5, 3, noWarnings)).toBe('20261130-023012-check');
  expect(await keepRun(dir, record('2026-11-30T02:30:12.900Z'), 0, 3, noWarnings)).toBe('20261130-023012-check-2');
  expect(await keepRun(dir, record('2026-11-30T02:30:12.950Z', false), 0, 3, noWarnings)).toBe('20261130-023012-run-3');
  expect(await keepRun(dir, record('2026-12-01T02:30:00.000Z'), 3, 3, noWarnings)).toBe('20261201-023000-check');
  // The oldest (the first run of that second) went; the numbers order the rest.
  expect(await runIds(dir)).toEqual(['20261130-023012-check-2', '20261130-023012-run-3', '20261201-023000-check']);
  expect(readdirSync(dir).sort()).toEqual(['20261130-023012-check-2.json', '20261130-023012-run-3.json', '20261201-023000-check.json']);
});

it('lists a file that is not a report as unreadable, and ignores files that are not runs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'corectl-runs-'));
  await keepRun(dir, record('2026-11-30T02:30:12.345Z'), 5, 30, noWarnings);
  writeFileSync(join(dir, '20261130-040000-check.json'), '{"schema": "something else"}');
  writeFileSync(join(dir, 'notes.json'), '{}');
  const runs = await listRuns(dir);
  expect(runs.map((run) => run.id)).toEqual(['20261130-023012-check', '20261130-040000-check']);
  expect(runs[0]).toMatchObject({ report: { exitCode: 5, playbook: 'site.ts' } });
  expect(runs[1]).toEqual({ id: '20261130-040000-check', unreadable: expect.stringMatching(/^not a corectl\.report\/v1 report \(schema: /) });
});

it('finds no runs in a directory that does not exist yet', async () => {
  expect(await listRuns(join(tmpdir(), 'corectl-runs-none', 'x'))).toEqual([]);
});

it("says what a kept run found in one line, and that a run stopped before it checked any host found nothing", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'corectl-runs-'));
  const changed = record('2026-11-30T02:30:12.345Z');
  changed.hosts.web1!.tasks.push({ play: 'p', task: 'motd', module: 'file', target: '/etc/motd', handler: false, status: 'changed', changed: true, sensitive: false, durationMs: 5 });
  const stopped = record('2026-11-30T03:00:00.000Z');
  stopped.finished = false;
  stopped.hosts = Object.fromEntries(['a', 'b', 'c'].map((h) => [h, { ...structuredClone(changed.hosts.web1!), counts: { ok: 0, changed: 0, failed: 0, skipped: 0, unreachable: 0, ignored: 0 }, tasks: [] }]));
  await keepRun(dir, changed, 5, 30, noWarnings);
  await keepRun(dir, stopped, 130, 30, noWarnings);
  const reports = (await listRuns(dir)).map((run) => ('report' in run ? run.report : run));
  expect(reports).toHaveLength(2);
  expect(outcome(reports[0] as never)).toBe('1 of 1 host drifted: web1');
  expect(outcome(reports[1] as never)).toBe('stopped before any of 3 hosts was checked; incomplete');
});
