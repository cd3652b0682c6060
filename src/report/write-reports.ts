// Writes the reports asked for with --report KIND=PATH (several allowed) and posts a short summary
// to --notify-webhook whenever a run did not end cleanly: drift, a failed task, an unreachable
// host, a stop.
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError } from '../errors/usage-error.ts';
import { countOf } from './count-words.ts';
import { jsonReport } from './json-report.ts';
import { junitReport } from './junit-report.ts';
import type { RunRecord } from './run-record.ts';

export interface ReportTarget {
  kind: 'json' | 'junit';
  path: string;
}

export function parseReportTargets(values: string[] | undefined): ReportTarget[] {
  return (values ?? []).map((value) => {
    const match = /^(json|junit)=(.+)$/.exec(value);
    if (!match) throw new UsageError(`--report takes json=PATH or junit=PATH, got "${value}"`);
    return { kind: match[1] as ReportTarget['kind'], path: match[2]! };
  });
}

/**
 * Before the run: each report's directory is made and a file written there and removed again, so a
 * path that cannot be written stops the command before any host is touched.
 */
export async function checkReportTargets(targets: ReportTarget[]): Promise<void> {
  for (const target of targets) {
    const probe = `${target.path}.tmp`;
    try {
      await makeDirectories(dirname(target.path));
      if ((await stat(target.path).catch(() => undefined))?.isDirectory()) throw new Error('it is a directory');
      await writeFile(probe, '');
      await rm(probe);
    } catch (error) {
      throw new UsageError(`--report ${target.kind}=${target.path}: cannot write there (${why(error as NodeJS.ErrnoException)})`);
    }
  }
}

function why(error: NodeJS.ErrnoException): string {
  const reasons: Record<string, string> = {
    ENOENT: 'a directory on the way does not exist and cannot be made',
    EEXIST: 'a part of the path is a file, not a directory',
    ENOTDIR: 'a part of the path is a file, not a directory',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'read-only file system',
  };
  return (error.code && reasons[error.code]) ?? error.message;
}

/**
 * `mkdir -p`, one level at a time: Node's recursive mkdir spins for ever under /proc (a path
 * someone may well mistype), and the first level that fails should be the error.
 */
async function makeDirectories(dir: string): Promise<void> {
  if ((await stat(dir).catch(() => undefined))?.isDirectory()) return;
  const parent = dirname(dir);
  if (parent !== dir) await makeDirectories(parent);
  await mkdir(dir);
}

/** Writes every report; one that fails is reported and does not stop the others. */
export async function writeReports(targets: ReportTarget[], record: RunRecord, exitCode: number, warn: (message: string) => void): Promise<void> {
  for (const target of targets) {
    const text = target.kind === 'json' ? jsonReport(record, exitCode) : junitReport(record);
    try {
      await makeDirectories(dirname(target.path));
      // Written beside and renamed, so a reader never sees half a report.
      await writeFile(`${target.path}.tmp`, text);
      await rename(`${target.path}.tmp`, target.path);
    } catch (error) {
      await rm(`${target.path}.tmp`, { force: true }).catch(() => {});
      warn(`the ${target.kind} report could not be written to ${target.path}: ${(error as Error).message}`);
    }
  }
}

/** The drift summary: which tasks drifted where; never diffs or messages (they may hold data). */
export function driftSummary(record: RunRecord) {
  const drifted: Record<string, string[]> = {};
  const unreachable: string[] = [];
  const failed: string[] = [];
  for (const [host, data] of Object.entries(record.hosts)) {
    const tasks = data.tasks.filter((t) => t.changed && t.status !== 'failed').map((t) => t.task);
    if (tasks.length > 0) drifted[host] = tasks;
    if (data.unreachable) unreachable.push(host);
    if (data.counts.failed > 0) failed.push(host);
  }
  return { schema: 'corectl.drift/v1', playbook: record.playbook, checkedAt: record.startedAt, hosts: Object.keys(record.hosts).length, drifted, unreachable, failed };
}

/**
 * The summary with what chat services show: `text`, one line a person reads where the webhook is
 * Slack's or Mattermost's incoming webhook (both display a `text` field), and the exit code.
 */
export function webhookMessage(record: RunRecord, exitCode: number, runId?: string) {
  const summary = driftSummary(record);
  const drifted = Object.entries(summary.drifted);
  // Which tasks, not only which hosts: what a person reads first is what to look at.
  const tasks = (names: string[]) => (names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', '));
  const parts = [
    ...(drifted.length > 0 ? [`${drifted.length} of ${countOf(summary.hosts, 'host')} drifted (${drifted.map(([host, names]) => `${host}: ${tasks(names)}`).join('; ')})`] : []),
    ...(summary.failed.length > 0 ? [`tasks failed on ${summary.failed.join(', ')}`] : []),
    ...(summary.unreachable.length > 0 ? [`unreachable: ${summary.unreachable.join(', ')}`] : []),
    ...(record.stopped !== undefined ? [`run incomplete: ${record.stopped}`] : []),
  ];
  const mode = record.check ? 'check' : 'run';
  const kept = runId ? `, run ${runId}` : '';
  return { ...summary, exitCode, check: record.check, ...(runId && { runId }), text: `corectl ${mode} ${record.playbook}: ${parts.join('; ') || `exit code ${exitCode}`} (exit ${exitCode}${kept})` };
}

/** Posts the summary for a run that did not end cleanly (a non-zero exit code); a clean run posts nothing. */
export async function notifyWebhook(url: string, record: RunRecord, exitCode: number, warn: (message: string) => void, runId?: string): Promise<void> {
  if (exitCode === 0) return;
  const summary = webhookMessage(record, exitCode, runId);
  // A webhook's path is often its secret (Slack's, Mattermost's): only where it goes is said.
  const where = new URL(url).origin;
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(summary), signal: AbortSignal.timeout(10_000) });
    if (!response.ok) warn(`webhook at ${where} answered ${response.status} ${response.statusText}; the run's summary was not posted`);
  } catch (error) {
    const cause = (error as Error).cause as (Error & { code?: string }) | undefined;
    warn(`webhook at ${where} could not be reached: ${(error as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}; the run's summary was not posted`);
  }
}
