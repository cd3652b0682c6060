// `corectl run PLAYBOOK` converges hosts; `corectl check PLAYBOOK` is the drift check: the same
// run in check mode with diffs, exiting 5 when anything would change.
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { RunEvent } from '../executor/events.ts';
import { runPlaybook, type RunSummary } from '../executor/run-playbook.ts';
import { RunRecorder } from '../report/run-record.ts';
import { notifyWebhook, parseReportTargets, writeReports } from '../report/write-reports.ts';
import { loadPlaybook } from '../playbook/load-playbook.ts';
import { plainReporter } from '../report/plain-reporter.ts';
import { connectionOptionSpec, positiveInteger, prepareHosts } from './connection-options.ts';
import { redactDeep } from '../secrets/sensitive-values.ts';
import { ExitCode } from './exit-codes.ts';
import { UsageError } from './usage-error.ts';

const runOptionSpec = {
  ...connectionOptionSpec,
  check: { type: 'boolean', short: 'C' },
  diff: { type: 'boolean', short: 'D' },
  tags: { type: 'string', short: 't' },
  'skip-tags': { type: 'string' },
  'no-typecheck': { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  plain: { type: 'boolean' },
  report: { type: 'string', multiple: true },
  'notify-webhook': { type: 'string' },
} as const;

function exitCodeOf(summary: RunSummary, check: boolean, interrupted: boolean): number {
  if (interrupted) return ExitCode.interrupted;
  if (summary.failed || summary.stopped) return ExitCode.failed;
  if (summary.unreachable) return ExitCode.unreachable;
  if (check && summary.changed) return ExitCode.drift;
  return ExitCode.ok;
}

export async function runCommand(argv: string[], mode: 'run' | 'check' = 'run'): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: runOptionSpec, allowPositionals: true });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError(`usage: corectl ${mode} PLAYBOOK.ts [-i INVENTORY] [--limit P] [--check] [--diff] [--tags T] [--skip-tags T]`);
  const check = mode === 'check' || !!values.check;
  const diff = mode === 'check' || !!values.diff;
  const reports = parseReportTargets(values.report);
  const webhook = values['notify-webhook'];
  if (webhook && !/^https?:\/\//.test(webhook)) throw new UsageError(`--notify-webhook must be an http(s) URL, got "${webhook}"`);
  const playbook = await loadPlaybook(file, { typecheck: !values['no-typecheck'] });
  const { inventory, pool, sshConfig } = await prepareHosts(values, 'all', (message) => process.stderr.write(`warning: ${message}\n`));
  const abort = new AbortController();
  const interrupt = () => {
    if (abort.signal.aborted) process.exit(ExitCode.interrupted);
    abort.abort();
  };
  const onSigint = () => {
    if (!abort.signal.aborted) process.stderr.write('\nstopping: no new tasks start; running ones finish (Ctrl-C again to abort at once)\n');
    interrupt();
  };
  process.on('SIGINT', onSigint);
  // The live view on a terminal; plain lines for CI, pipes and --plain.
  const live = process.stdout.isTTY && !values.plain && process.env.CI !== 'true'
    ? (await import('../report/ui/live-reporter.tsx')).startLiveReporter({ diff, onStop: interrupt, onAbort: () => process.exit(ExitCode.interrupted) })
    : undefined;
  const plain = plainReporter((text) => process.stdout.write(text), { diff, verbose: values.verbose });
  const recorder = new RunRecorder();
  const emit = (raw: RunEvent) => {
    // The last guard before anything is shown or written: secret values are masked in every event.
    const event = redactDeep(raw);
    recorder.listener(event);
    if (live) live.emit(event);
    else plain(event);
  };
  const split = (value?: string) => value?.split(',').map((t) => t.trim()).filter(Boolean);
  try {
    const summary = await runPlaybook({
      playbook, name: basename(file), inventory, pool, sshConfig, emit,
      options: { check, diff, forks: positiveInteger(values.forks, 'forks', 50), tags: split(values.tags), skipTags: split(values['skip-tags']), limit: values.limit, signal: abort.signal },
    });
    await live?.finish();
    const exitCode = exitCodeOf(summary, check, abort.signal.aborted);
    await writeReports(reports, recorder.record, exitCode);
    if (webhook && check) await notifyWebhook(webhook, recorder.record, (message) => process.stderr.write(`warning: ${message}\n`));
    return exitCode;
  } finally {
    await live?.finish();
    process.off('SIGINT', onSigint);
    await pool.closeAll();
  }
}
