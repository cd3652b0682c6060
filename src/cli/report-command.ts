// `corectl report merge SLICE.json...`: the reports of a run's slices (--shard I/N) as one run's
// JSON and JUnit reports, its webhook message and its exit code. --wait lets the merge start with
// the slices: it waits for every named report to be there.
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { mergeSlices, type SliceReport } from '../report/merge-reports.ts';
import { DEFAULT_RUNS_KEPT, RUNS_DIR_ENV, checkRunsDir, keepRun, parseReport } from '../report/run-history.ts';
import { visibleText } from '../report/visible-text.ts';
import { checkReportTargets, notifyWebhook, parseReportTargets, writeReports } from '../report/write-reports.ts';
import { positiveInteger } from './connection-options.ts';
import { describeExitCode } from '../errors/exit-codes.ts';
import { outcome } from './runs-command.ts';
import { UsageError } from '../errors/usage-error.ts';

export const reportOptionSpec = {
  report: { type: 'string', multiple: true },
  'notify-webhook': { type: 'string' },
  wait: { type: 'string' },
  'runs-dir': { type: 'string' },
  'keep-runs': { type: 'string' },
} as const;

export async function reportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: reportOptionSpec, allowPositionals: true });
  const [verb, ...files] = positionals;
  if (verb !== 'merge' || files.length === 0) throw new UsageError('usage: corectl report merge SLICE.json... [--report json=PATH|junit=PATH] [--notify-webhook URL] [--wait SECONDS]');
  const reports = parseReportTargets(values.report);
  await checkReportTargets(reports);
  const runsDir = values['runs-dir'] ?? process.env[RUNS_DIR_ENV];
  if (runsDir) await checkRunsDir(runsDir);
  const waitMs = values.wait === undefined ? 0 : positiveInteger(values.wait, 'wait', 0) * 1000;
  const slices = await readSlices(files, waitMs);
  const { record, exitCode } = mergeSlices(slices);
  const warn = (message: string) => process.stderr.write(`warning: ${visibleText(message)}\n`);
  await writeReports(reports, record, exitCode, warn);
  if (runsDir) await keepRun(runsDir, record, exitCode, positiveInteger(values['keep-runs'], 'keep-runs', DEFAULT_RUNS_KEPT), warn);
  if (values['notify-webhook']) await notifyWebhook(values['notify-webhook'], record, exitCode, warn);
  const hosts = Object.keys(record.hosts).length;
  process.stdout.write(`${visibleText(`merged ${slices.length} slices of ${record.check ? 'check' : 'run'} ${record.playbook} (${hosts} hosts): ${outcome({ ...record, schema: 'corectl.report/v1', exitCode })}; exit ${describeExitCode(exitCode)}`)}\n`);
  return exitCode;
}

/** Every named report, read as corectl.report/v1; with a wait, those not yet written are waited for. */
async function readSlices(files: string[], waitMs: number): Promise<SliceReport[]> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const read = await Promise.all(files.map(readSlice));
    const absent = files.filter((_, i) => read[i] === undefined);
    if (absent.length === 0) return read as SliceReport[];
    if (Date.now() >= deadline) {
      throw new UsageError(`${absent.join(', ')}: no such report${waitMs > 0 ? ` after waiting ${waitMs / 1000} s` : ''} (a slice that did not finish: the merge would show a run that did not happen whole)`);
    }
    await sleep(Math.min(2000, Math.max(0, deadline - Date.now())));
  }
}

async function readSlice(file: string): Promise<SliceReport | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not JSON (${(error as Error).message})`);
  }
  const report = parseReport(json);
  if (typeof report === 'string') throw new UsageError(`${file}: ${report}`);
  return { file, report };
}
