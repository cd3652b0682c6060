// `corectl run PLAYBOOK` converges hosts; `corectl check PLAYBOOK` is the drift check: the same
// run in check mode with diffs, exiting 5 when anything would change.
import { visibleText } from '../report/visible-text.ts';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { RunEvent } from '../executor/events.ts';
import { runPlaybook, type RunSummary } from '../executor/run-playbook.ts';
import { RunRecorder, type RunRecord } from '../report/run-record.ts';
import type { ConnectionPool } from '../connection/connection-pool.ts';
import { takeEarlyStop } from './early-stop.ts';
import { listPlaybook } from './list-playbook.ts';
import { loadVarsFiles } from '../playbook/vars-files.ts';
import { startAtTask } from '../playbook/start-at-task.ts';
import { checkReportTargets, notifyWebhook, parseReportTargets, writeReports } from '../report/write-reports.ts';
import { parseShard } from '../inventory/shard.ts';
import { DEFAULT_RUNS_KEPT, RUNS_DIR_ENV, checkRunsDir, keepRun } from '../report/run-history.ts';
import type { LiveReporter } from '../report/ui/live-reporter.tsx';
import { interruptOf, untilAborted, type RunInterrupted } from '../executor/run-interrupted.ts';
import { watchStopSignals } from './stop-signals.ts';
import { openPlaybook } from '../playbook/load-playbook.ts';
import { plainReporter, recapRow } from '../report/plain-reporter.ts';
import { connectionOptionSpec, positiveInteger, prepareHosts } from './connection-options.ts';
import { waitingLine } from '../connection/run-lock.ts';
import { corectlVersion } from '../corectl-package.ts';
import { redactDeep } from '../secrets/sensitive-values.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import { UsageError } from '../errors/usage-error.ts';

export const runOptionSpec = {
  ...connectionOptionSpec,
  check: { type: 'boolean', short: 'C' },
  diff: { type: 'boolean', short: 'D' },
  tags: { type: 'string', short: 't' },
  'skip-tags': { type: 'string' },
  'no-typecheck': { type: 'boolean' },
  plain: { type: 'boolean' },
  report: { type: 'string', multiple: true },
  'notify-webhook': { type: 'string' },
  'force-handlers': { type: 'boolean' },
  'stop-grace': { type: 'string' },
  'runs-dir': { type: 'string' },
  'keep-runs': { type: 'string' },
  shard: { type: 'string' },
  'extra-vars': { type: 'string', short: 'e', multiple: true },
  'start-at-task': { type: 'string' },
  'list-hosts': { type: 'boolean' },
  'list-tasks': { type: 'boolean' },
} as const;

function splitList(value?: string): string[] | undefined {
  return value?.split(',').map((t) => t.trim()).filter(Boolean);
}

function exitCodeOf(summary: RunSummary, check: boolean, interrupt: RunInterrupted | undefined): number {
  if (interrupt) return interrupt.exitCode;
  if (summary.failed || summary.stopped) return ExitCode.failed;
  if (summary.unreachable) return ExitCode.unreachable;
  if (check && summary.changed) return ExitCode.drift;
  return ExitCode.ok;
}

export async function runCommand(argv: string[], mode: 'run' | 'check' = 'run'): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: runOptionSpec, allowPositionals: true });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError(`usage: corectl ${mode} PLAYBOOK.ts [-i INVENTORY] [--limit P] [--check] [--diff] [--tags T] [--skip-tags T] [--force-handlers] [--stop-grace SECONDS]`);
  const check = mode === 'check' || !!values.check;
  const diff = mode === 'check' || !!values.diff;
  const reports = parseReportTargets(values.report);
  const webhook = values['notify-webhook'];
  if (webhook && !/^https?:\/\//.test(webhook)) throw new UsageError(`--notify-webhook must be an http(s) URL, got "${webhook}"`);
  const graceMs = positiveInteger(values['stop-grace'], 'stop-grace', 30) * 1000;
  const runsDir = values['runs-dir'] ?? process.env[RUNS_DIR_ENV];
  const keepRuns = positiveInteger(values['keep-runs'], 'keep-runs', DEFAULT_RUNS_KEPT);
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  // A report that cannot be written is found out now, not after the run changed the fleet.
  await checkReportTargets(reports);
  if (runsDir) await checkRunsDir(runsDir);
  const recorder = new RunRecorder({ corectl: corectlVersion(), inventory: [], ...(values.limit ? { limit: values.limit } : {}), ...(values.tags ? { tags: splitList(values.tags) } : {}), ...(values['skip-tags'] ? { skipTags: splitList(values['skip-tags']) } : {}), ...(shard ? { shard } : {}) });
  const warn = (message: string) => process.stderr.write(`warning: ${visibleText(message)}\n`);
  // The reports, the kept run and the webhook, once: by the run's end, or by a forced exit first.
  let finalized: Promise<void> | undefined;
  const finalize = (exitCode: number) => (finalized ??= (async () => {
    await writeReports(reports, recorder.record, exitCode, warn);
    const runId = runsDir ? await keepRun(runsDir, recorder.record, exitCode, keepRuns, warn) : undefined;
    if (webhook) await notifyWebhook(webhook, recorder.record, exitCode, warn, runId);
  })());
  let live: LiveReporter | undefined;
  let pool: ConnectionPool | undefined;
  // Where a stop found the run, for a stop before any host was contacted.
  let phase = 'loading the playbook';
  // Stop signals are watched from the first moment: one that came while corectl was starting is
  // taken now, and any stop is served within a second or two, whatever the run is doing.
  const stop = watchStopSignals({
    graceMs,
    onStopping: (interrupt, grace) => {
      const again = interrupt.by === 'the q key' ? 'q or Ctrl-C again' : interrupt.stopSignal === 'SIGINT' ? 'Ctrl-C again' : `${interrupt.stopSignal} again`;
      const notice = `stopping (${interrupt.message}): no new tasks start; running ones get ${grace / 1000} s to finish (${again} stops waiting)`;
      if (live) live.notice(notice);
      else process.stderr.write(`\n${notice}\n`);
    },
    onAbandon: () => pool?.closeAll(),
    beforeForcedExit: async (interrupt) => {
      live?.detach();
      const record = recorder.endUnfinished(`${interrupt.message}; corectl was forced to exit while tasks still ran`);
      process.stderr.write(`\n${unfinishedText(record)}\n`);
      await finalize(interrupt.exitCode);
    },
  });
  // A terminal that goes away (a closed tmux session, a dropped ssh to the laptop) is a hang-up:
  // drawing stops, and the run stops as for SIGHUP, reports written.
  const onTerminalGone = (error: NodeJS.ErrnoException) => {
    if (!['EIO', 'EPIPE', 'ENXIO', 'ERR_STREAM_DESTROYED'].includes(error.code ?? '')) return;
    live?.detach();
    live = undefined;
    terminalGone = true;
    stop.stop('SIGHUP', 'the terminal closing');
  };
  let terminalGone = false;
  process.stdout.on('error', onTerminalGone);
  process.stdin.on('error', onTerminalGone);
  const adopted = takeEarlyStop();
  if (adopted) stop.stop(adopted);
  const stoppedEarly = async (): Promise<number> => {
    const interrupt = interruptOf(stop.signal)!;
    recorder.record.playbook = basename(file);
    recorder.record.check = check;
    const record = recorder.endUnfinished(`${interrupt.message}, before any host was contacted (while ${phase})`);
    process.stderr.write(`\n${unfinishedText(record)}\n`);
    await finalize(interrupt.exitCode);
    return interrupt.exitCode;
  };
  try {
    // The type check runs on while the hosts are connected and their facts gathered: the run waits for it before its first task.
    const opening = openPlaybook(file, { typecheck: !values['no-typecheck'], warn });
    const opened = await untilAborted(opening, stop.signal);
    if (!opened) {
      opening.catch(() => {});
      return await stoppedEarly();
    }
    const { typechecked } = opened;
    const playbook = values['start-at-task'] ? startAtTask(opened.playbook, values['start-at-task']) : opened.playbook;
    phase = 'reading the inventory';
    const prepared = await untilAborted(prepareHosts(values, 'all', warn, check ? 'shared' : 'exclusive'), stop.signal);
    if (!prepared) return await stoppedEarly();
    const { inventory, sshConfig, sources } = prepared;
    pool = prepared.pool;
    await loadVarsFiles(playbook, prepared.vault);
    // What a run would touch and do, as ansible-playbook lists it: no host is contacted.
    if (values['list-hosts'] || values['list-tasks']) {
      process.stdout.write(listPlaybook(basename(file), playbook, inventory, { hosts: !!values['list-hosts'], tasks: !!values['list-tasks'], limit: values.limit, tags: splitList(values.tags), skipTags: splitList(values['skip-tags']) }));
      return ExitCode.ok;
    }
    recorder.record.inventory = sources;
    // The live view on a terminal; plain lines for CI, pipes and --plain.
    live = process.stdout.isTTY && !values.plain && process.env.CI !== 'true'
      ? (await import('../report/ui/live-reporter.tsx')).startLiveReporter({ diff, onStop: (by) => stop.stop('SIGINT', by) })
      : undefined;
    const plain = plainReporter((text) => terminalGone || process.stdout.write(text), { diff, verbose: values.verbose });
    const emit = (raw: RunEvent) => {
      // The last guard before anything is shown or written: secret values are masked in every event.
      const event = redactDeep(raw);
      recorder.listener(event);
      if (live) live.emit(event);
      else plain(event);
    };
    // Waiting for a host another run holds is said at once, through the reporter: the live view
    // draws it (a line on stderr would tear its frame), and the run's own warnings may be held until its first task.
    const runLock = pool.settings.runLock;
    if (runLock) runLock.onWait = (host, owner) => emit({ kind: 'warning', message: waitingLine(host, owner) });
    const summary = await runPlaybook({
      playbook, name: basename(file), inventory, pool, sshConfig, emit,
      options: {
        check, diff, forks: positiveInteger(values.forks, 'forks', 50), tags: splitList(values.tags), skipTags: splitList(values['skip-tags']), limit: values.limit,
        ...(values.verbose && { onWaiting: () => process.stderr.write('hosts ready; the first task waits for the playbook\'s type check\n') }),
        signal: stop.signal, abandon: stop.abandoned, forceHandlers: !!values['force-handlers'], ...(shard ? { shard } : {}), startAfter: typechecked,
      },
    });
    await live?.finish();
    const exitCode = exitCodeOf(summary, check, interruptOf(stop.signal));
    await finalize(exitCode);
    return exitCode;
  } finally {
    await live?.finish();
    stop.dispose();
    process.stdout.off('error', onTerminalGone);
    process.stdin.off('error', onTerminalGone);
    await pool?.closeAll();
  }
}

/** What an unfinished run's end says where no recap was drawn: that it is incomplete, and each host's counts. */
function unfinishedText(record: RunRecord): string {
  const rows = Object.entries(record.hosts).map(([host, h]) => recapRow(host, h.counts, h.notRun.length));
  return [`RUN INCOMPLETE: ${record.stopped}`, ...(rows.length > 0 ? ['RECAP', ...rows] : [])].join('\n');
}
