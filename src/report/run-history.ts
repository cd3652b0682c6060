// Kept runs (`--runs-dir DIR`, or $CORECTL_RUNS_DIR): every run's JSON report as DIR/ID.json, ID
// from when it started and what it was, so a nightly job keeps each night's result instead of
// overwriting the last; the oldest beyond the retention are removed. `corectl runs` reads them.
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { jsonReportSchema } from './report-schema.ts';
import type { RunRecord } from './run-record.ts';
import { checkReportTargets, writeReports } from './write-reports.ts';

export type KeptReport = z.output<typeof jsonReportSchema>;

/** A kept run: its report, or why the file could not be read as one. */
export type KeptRun = { id: string; report: KeptReport } | { id: string; unreadable: string };

export const RUNS_DIR_ENV = 'CORECTL_RUNS_DIR';
export const DEFAULT_RUNS_KEPT = 30;

// 20261130-023012-check, then -2, -3... for further runs (of either kind) started in that second.
const RUN_ID = /^(\d{8}-\d{6})-(run|check)(-\d+)?$/;

/** Before the run: the directory can be made and written, or the command stops with one line. */
export async function checkRunsDir(dir: string): Promise<void> {
  await checkReportTargets([{ kind: 'json', path: join(dir, '.probe') }]);
}

/** Writes the run's report into `dir` and removes the oldest runs beyond `keep`; returns its ID. */
export async function keepRun(dir: string, record: RunRecord, exitCode: number, keep: number, warn: (message: string) => void): Promise<string> {
  const time = record.startedAt.slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  // Runs of the same second are numbered on, whatever their kind, so the number orders them.
  const taken = (await runIds(dir)).filter((id) => id.startsWith(`${time}-`)).map((id) => numberOf(id));
  const id = `${time}-${record.check ? 'check' : 'run'}${taken.length > 0 ? `-${Math.max(...taken) + 1}` : ''}`;
  await writeReports([{ kind: 'json', path: join(dir, `${id}.json`) }], record, exitCode, warn);
  const ids = await runIds(dir);
  for (const old of ids.slice(0, Math.max(0, ids.length - keep))) await rm(join(dir, `${old}.json`), { force: true });
  return id;
}

/** The kept runs, oldest first. */
export async function listRuns(dir: string): Promise<KeptRun[]> {
  return Promise.all((await runIds(dir)).map((id) => readRun(dir, id)));
}

export async function readRun(dir: string, id: string): Promise<KeptRun> {
  const file = join(dir, `${id}.json`);
  try {
    const parsed = parseReport(JSON.parse(await readFile(file, 'utf8')));
    return typeof parsed === 'string' ? { id, unreadable: parsed } : { id, report: parsed };
  } catch (error) {
    return { id, unreadable: (error as Error).message };
  }
}

/** A corectl.report/v1 report, or why the JSON is not one. */
export function parseReport(json: unknown): KeptReport | string {
  const parsed = jsonReportSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  return `not a corectl.report/v1 report (${issue.path.join('.') || 'top level'}: ${issue.message})`;
}

/** Run IDs in `dir`, oldest first (IDs sort by time; same-second runs by their number). */
export async function runIds(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  const ids = names.filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -5)).filter((id) => RUN_ID.test(id));
  return ids.sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
}

function sortKey(id: string): string {
  return `${RUN_ID.exec(id)![1]}-${String(numberOf(id)).padStart(6, '0')}`;
}

function numberOf(id: string): number {
  const n = RUN_ID.exec(id)![3];
  return n ? Number(n.slice(1)) : 1;
}
