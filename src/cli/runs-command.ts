// `corectl runs` lists the kept runs (--runs-dir, $CORECTL_RUNS_DIR): when, what, the exit code
// and which hosts drifted, failed or could not be reached; `corectl runs show ID` prints one.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatDiff, recapRow } from '../report/plain-reporter.ts';
import { countOf } from '../report/count-words.ts';
import { RUNS_DIR_ENV, listRuns, readRun, runIds, type KeptReport } from '../report/run-history.ts';
import { visibleText } from '../report/visible-text.ts';
import { driftSummary } from '../report/write-reports.ts';
import { ExitCode, describeExitCode } from '../errors/exit-codes.ts';
import { UsageError } from '../errors/usage-error.ts';

export const runsOptionSpec = {
  'runs-dir': { type: 'string' },
  json: { type: 'boolean' },
} as const;

const USAGE = 'usage: corectl runs [--runs-dir DIR] | corectl runs show ID|latest [--runs-dir DIR] [--json]';

export async function runsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: runsOptionSpec, allowPositionals: true });
  const dir = values['runs-dir'] ?? process.env[RUNS_DIR_ENV];
  if (!dir) throw new UsageError(`no runs directory: give --runs-dir DIR or set ${RUNS_DIR_ENV} (where run/check keep their reports)`);
  if (positionals.length === 0) return listCommand(dir);
  if (positionals[0] === 'show' && positionals.length === 2) return showCommand(dir, positionals[1]!, !!values.json);
  throw new UsageError(USAGE);
}

async function listCommand(dir: string): Promise<number> {
  const runs = await listRuns(dir);
  if (runs.length === 0) {
    process.stdout.write(`no runs kept in ${dir}\n`);
    return ExitCode.ok;
  }
  const rows = runs.map((run) => 'unreadable' in run
    ? [run.id, '', '', '', `unreadable: ${run.unreadable}`]
    : [run.id, startedAt(run.report), run.report.playbook, describeExitCode(run.report.exitCode), outcome(run.report)]);
  const header = ['ID', 'STARTED (UTC)', 'PLAYBOOK', 'EXIT', 'OUTCOME'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ');
  process.stdout.write(`${[line(header), ...rows.map(line)].map(visibleText).join('\n')}\n`);
  return ExitCode.ok;
}

async function showCommand(dir: string, wanted: string, json: boolean): Promise<number> {
  const id = await resolveId(dir, wanted);
  if (json) {
    process.stdout.write(await readFile(join(dir, `${id}.json`), 'utf8'));
    return ExitCode.ok;
  }
  const run = await readRun(dir, id);
  if ('unreadable' in run) throw new UsageError(`run ${id} cannot be read: ${run.unreadable}`);
  process.stdout.write(`${visibleText(describeRun(id, run.report))}\n`);
  return ExitCode.ok;
}

/** An exact ID, a unique beginning of one, or `latest`. */
async function resolveId(dir: string, wanted: string): Promise<string> {
  const ids = await runIds(dir);
  if (wanted === 'latest' && ids.length > 0) return ids.at(-1)!;
  if (ids.includes(wanted)) return wanted;
  const matches = ids.filter((id) => id.startsWith(wanted));
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) throw new UsageError(`"${wanted}" names ${matches.length} runs (${matches.join(', ')}): give more of the ID`);
  throw new UsageError(`no run "${wanted}" in ${dir} (corectl runs lists them)`);
}

function describeRun(id: string, report: KeptReport): string {
  const mode = report.check ? 'check' : 'run';
  const asked = [`inventory ${report.inventory.join(', ') || '(default)'}`, report.limit && `limit ${report.limit}`, report.tags && `tags ${report.tags.join(',')}`, report.skipTags && `skip-tags ${report.skipTags.join(',')}`].filter(Boolean).join('; ');
  const hosts = Object.entries(report.hosts);
  const width = Math.max(4, ...hosts.map(([name]) => name.length));
  const lines = [
    `run ${id}: corectl ${mode} ${report.playbook} (corectl ${report.corectl})`,
    `started ${startedAt(report)} UTC, took ${(report.durationMs / 1000).toFixed(1)} s, exit ${describeExitCode(report.exitCode)}`,
    asked,
    outcome(report),
    ...(report.stopped !== undefined ? [`RUN INCOMPLETE: ${report.stopped}`] : []),
    '',
    ...hosts.map(([name, host]) => recapRow(name.padEnd(width), host.counts, host.notRun.length)),
  ];
  // What drifted, changed or failed, task by task, with the diffs the report kept.
  for (const [name, host] of hosts) {
    if (host.unreachable) lines.push('', `${name}: unreachable: ${host.unreachable}`);
    for (const task of host.tasks.filter((t) => t.changed || t.status === 'failed')) {
      lines.push('', `${name}: ${task.status === 'failed' ? 'failed' : report.check ? 'would change' : 'changed'}: ${task.play} / ${task.task}${task.message ? `: ${task.message}` : ''}`);
      if (task.diff) lines.push(...formatDiff(task.diff).split('\n').map((line) => `    ${line}`));
    }
  }
  return lines.join('\n');
}

function startedAt(report: KeptReport): string {
  return report.startedAt.slice(0, 19).replace('T', ' ');
}

/** One line: what a run found, in the words of its recap. */
export function outcome(report: KeptReport): string {
  const summary = driftSummary(report);
  const changed = Object.keys(summary.drifted);
  const of = countOf(summary.hosts, 'host');
  // A run stopped before it checked anything found nothing: "no drift" would be a finding.
  const checked = Object.values(report.hosts).some((host) => host.tasks.length > 0 || host.unreachable);
  if (!report.finished && !checked) return `stopped before any of ${of} was checked; incomplete`;
  const parts = [
    report.check
      ? changed.length > 0 ? `${changed.length} of ${of} drifted: ${changed.join(', ')}` : `no drift on ${of}`
      : changed.length > 0 ? `changed ${changed.length} of ${of}: ${changed.join(', ')}` : `no changes on ${of}`,
    ...(summary.failed.length > 0 ? [`failed: ${summary.failed.join(', ')}`] : []),
    ...(summary.unreachable.length > 0 ? [`unreachable: ${summary.unreachable.join(', ')}`] : []),
    ...(report.finished ? [] : ['incomplete']),
  ];
  return parts.join('; ');
}
