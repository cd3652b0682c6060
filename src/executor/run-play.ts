// Runs one play: hosts in rolling batches (serial), and within a batch the task graph. On each
// host steps run in the order written; `independent` tasks run beside their neighbours on their
// own channels; `after` waits for a task on every host of the batch (or a controller step); a
// controller step waits for every host. All of it is promises: a step starts the moment what it
// depends on is done, the forks queue bounds how many remote steps run at once, and host seats
// how many hosts have work under way (see host-seats.ts).
import PQueue from 'p-queue';
import { gatherFacts } from '../facts/gather-facts.ts';
import { parseFacts } from '../facts/parse-facts.ts';
import { ConnectionError } from '../connection/errors.ts';
import type { TaskResult } from '../module-api/module-types.ts';
import { notifiedHandlers, tasksOf, type BlockStep, type HandlerStep, type Play, type Step } from '../playbook/playbook-types.ts';
import { redact, type RunEvent } from './events.ts';
import type { HostSeats } from './host-seats.ts';
import type { HostState } from './host-state.ts';
import type { RunOptions } from './run-options.ts';
import type { DelegateHosts } from './delegate-hosts.ts';
import { runTask, taskContext, type Delegate, type TaskOutcome } from './run-task.ts';
import { executeLoop } from './run-loop.ts';
import { adoptPending, clearPending, loadPending, pendingNote, recordNotified } from './pending-handlers.ts';
import { splitBatches } from './serial-batches.ts';
import { stepsSelected } from './tag-filter.ts';

/** A step that runs a module on hosts: a task, a handler, or a loop of tasks. */
export type TaskStep = Extract<Step, { kind: 'task' | 'loop' }> | HandlerStep;

export interface PlayRunContext {
  play: Play;
  /** The playbook's name, recorded with the handlers a host is owed. */
  playbook: string;
  hosts: HostState[];
  options: RunOptions;
  forks: PQueue;
  seats: HostSeats;
  emit: (event: RunEvent) => void;
  /** The hosts tasks may be delegated to (absent: delegateTo is refused). */
  delegates?: DelegateHosts;
  /** The host is through this play (handlers included), whether it succeeded or not. */
  hostDone?: (host: HostState) => Promise<void>;
}

/** Returns false when the play stopped the run (max fail percentage, a failed controller step). */
export async function runPlay(context: PlayRunContext): Promise<boolean> {
  const { play, options, emit } = context;
  const steps = stepsSelected(play, options);
  const batches = splitBatches(context.hosts, play.options.serial);
  for (const [index, batch] of batches.entries()) {
    if (options.signal?.aborted) return false;
    if (batches.length > 1) emit({ kind: 'batch-started', play: play.name, hosts: batch.map((h) => h.name), index: index + 1, of: batches.length });
    const carryOn = await runBatch(context, steps, batch);
    const failed = batch.filter((h) => !h.active).length;
    const max = play.options.maxFailPercentage;
    // A stopped run ends here; what interrupted tasks reported is not a reason of its own.
    if (!carryOn || options.signal?.aborted) return false;
    if (max !== undefined && (failed / batch.length) * 100 > max) {
      emit({ kind: 'play-stopped', play: play.name, reason: `${failed} of ${batch.length} hosts in the batch failed, more than maxFailPercentage ${max}%` });
      return false;
    }
    if (failed === batch.length && batch.length > 0 && index < batches.length - 1) {
      emit({ kind: 'play-stopped', play: play.name, reason: 'every host of the batch failed' });
      return false;
    }
  }
  return true;
}

async function runBatch(context: PlayRunContext, steps: Step[], hosts: HostState[]): Promise<boolean> {
  const { play, options } = context;
  const done = new Map<string, Promise<void>>();
  /** A runOnce task's one run: for which host, and its outcome. */
  const runOnceResults = new Map<string, { runner: HostState; outcome: Promise<TaskOutcome | undefined> }>();
  const last = new Map<HostState, Promise<void>>(hosts.map((h) => [h, Promise.resolve()]));
  const independents = new Map<HostState, Promise<void>[]>(hosts.map((h) => [h, []]));
  const settled = (host: HostState) => Promise.all([last.get(host)!, ...independents.get(host)!]).then(() => {});
  let fatal = false;
  let controllerFailed = false;

  const afterDeps = (step: Step): Promise<void>[] =>
    step.kind === 'flush'
      ? []
      : (step.meta.after ?? []).flatMap((dep) => [done.get(dep.id), ...hosts.map((h) => done.get(`${dep.id}@${h.name}`))]).filter((p): p is Promise<void> => p !== undefined);

  const stillRunning = (host: HostState) => host.active && !fatal && !controllerFailed && !options.signal?.aborted;
  // With forceHandlers (Ansible's --force-handlers) a host that failed still runs what it was notified of.
  const force = options.forceHandlers || play.options.forceHandlers;
  const handlersMayRun = (host: HostState) => stillRunning(host) || (!!force && !host.unreachable && !options.signal?.aborted);

  const runOnHost = async (step: TaskStep | BlockStep, host: HostState, everyHostThere = false): Promise<void> => {
    if (step.kind === 'block') return runBlock(step, host);
    if (stillRunning(host)) await context.seats.with(host, () => runSeated(step, host, everyHostThere));
  };
  // A block on one host, as Ansible runs it: its tasks until one fails; then rescue, which when it
  // succeeds takes the failure back (recap: rescued, not failed); then always, whatever happened.
  const runBlock = async (step: BlockStep, host: HostState): Promise<void> => {
    const runAll = async (steps: Step[]) => {
      for (const inner of steps) {
        if (!stillRunning(host)) return;
        if (inner.kind === 'task' || inner.kind === 'loop' || inner.kind === 'block') await runOnHost(inner, host);
      }
    };
    const before = host.tasksDone;
    await runAll(step.block);
    if (host.failed && !host.unreachable && step.rescue.length > 0 && !fatal && !options.signal?.aborted) {
      host.failed = false;
      host.rescuing = host.lastFailure;
      const done = host.tasksDone;
      await runAll(step.rescue);
      host.rescuing = undefined;
      // Rescue tasks are not in the plan; the block's tasks left after the failure did not need to run.
      host.tasksDone = done;
      if (!host.failed) {
        context.emit({ kind: 'block-rescued', host: host.name, block: step.name, task: host.lastFailure?.task ?? '' });
        host.counts.failed--;
        host.counts.rescued = (host.counts.rescued ?? 0) + 1;
        host.tasksDone = before + tasksOf(step.block, ['block', 'always']).length;
      }
    }
    if (step.always.length > 0 && !host.unreachable && !options.signal?.aborted) {
      const failed = host.failed;
      host.failed = false;
      await runAll(step.always);
      host.failed ||= failed;
    }
  };
  // throttle: a queue per task, as wide as it says.
  const throttles = new Map<string, PQueue>();
  const throttled = <T>(step: TaskStep, work: () => Promise<T>): Promise<T> => {
    const width = step.meta.throttle;
    if (!width || width < 1) return work();
    let queue = throttles.get(step.id);
    if (!queue) throttles.set(step.id, (queue = new PQueue({ concurrency: width })));
    return queue.add(work) as Promise<T>;
  };
  /**
   * `everyHostThere`: every host of the batch is through the steps before (a runOnce task outside
   * a block waits for that), so the task runs for the first host still running, in batch order,
   * as Ansible's; in a block, for the first host to get there.
   */
  const runSeated = async (step: TaskStep, host: HostState, everyHostThere = false): Promise<void> => {
    // Another host may have stopped the run while this one waited for a seat.
    if (!stillRunning(host)) return;
    if (!(await ensureFacts(context, host))) return;
    adoptPending(host, play);
    let outcome: TaskOutcome | undefined;
    if (step.kind !== 'loop' && step.meta.runOnce) {
      let shared = runOnceResults.get(step.id);
      if (!shared) {
        const runner = (everyHostThere && hosts.find(stillRunning)) || host;
        const forRunner = async () => (runner === host || ((await ensureFacts(context, runner)) && (adoptPending(runner, play), true)) ? execute(context, step, runner) : undefined);
        shared = { runner, outcome: forRunner() };
        runOnceResults.set(step.id, shared);
      }
      outcome = await shared.outcome;
      if (host !== shared.runner) {
        if (outcome) host.results.set(step.id, outcome.result);
        host.tasksDone++;
        return;
      }
    } else {
      outcome = await throttled(step, () => execute(context, step, host));
    }
    if (!outcome) return;
    if (outcome.result.failed && !step.meta.ignoreErrors && play.options.anyErrorsFatal) fatal = true;
  };

  for (const step of steps) {
    if (step.kind === 'controller') {
      const waitFor = [...hosts.map(settled), ...afterDeps(step)];
      const promise = Promise.all(waitFor).then(async () => {
        if (options.signal?.aborted || fatal) return;
        controllerFailed = !(await runController(context, step, hosts));
      });
      done.set(step.id, promise);
      for (const host of hosts) {
        last.set(host, promise);
        independents.set(host, []);
      }
      continue;
    }
    const lockstep = play.options.anyErrorsFatal ? Promise.all(hosts.map(settled)).then(() => {}) : Promise.resolve();
    // A runOnce task waits for every host of the batch, so it runs for the first one (see runSeated).
    const everyHostThere = step.kind === 'task' && step.meta.runOnce && !step.meta.independent;
    const allThere = everyHostThere ? Promise.all(hosts.map(settled)).then(() => {}) : undefined;
    for (const host of hosts) {
      if (step.kind === 'flush') {
        const promise = settled(host).then(() => runHandlers(context, host, handlersMayRun));
        last.set(host, promise);
        independents.set(host, []);
        continue;
      }
      // With anyErrorsFatal hosts move in lockstep, as in Ansible's linear strategy: no host starts
      // a task before every host finished the one before, so a failure stops them all in time.
      const base = allThere ?? (play.options.anyErrorsFatal ? lockstep : step.meta.independent ? last.get(host)! : settled(host));
      const promise = Promise.all([base, ...afterDeps(step)]).then(() => runOnHost(step, host, everyHostThere));
      done.set(`${step.id}@${host.name}`, promise);
      if (step.meta.independent) independents.get(host)!.push(promise);
      else {
        last.set(host, promise);
        independents.set(host, []);
      }
    }
  }
  await Promise.all(hosts.map(async (host) => {
    await settled(host);
    await runHandlers(context, host, handlersMayRun);
    await context.hostDone?.(host);
  }));
  return !controllerFailed;
}

/** Runs a task on a host, records and reports its result; undefined when the host is gone. */
async function execute(context: PlayRunContext, step: TaskStep, host: HostState): Promise<TaskOutcome | undefined> {
  if (step.kind === 'loop') return executeLoop(context, step, host);
  const { outcome, started } = await runOne(context, step, host);
  return recordOutcome(context, step, host, outcome, started);
}

/** The task's round trips on the host (a fork of the queue held meanwhile), as check mode and an owed handler see them. */
export async function runOne(context: PlayRunContext, step: Extract<Step, { kind: 'task' }> | HandlerStep, host: HostState): Promise<{ outcome: TaskOutcome; started: number }> {
  const { options, emit, play } = context;
  const module = step.call.definition.name;
  let started = Date.now();
  const delegate = delegateOf(context, step, host);
  const shown = delegate && !('problem' in delegate) ? { delegate: delegate.name } : {};
  // Started means a fork took it: with fewer forks than hosts, the others are still waiting.
  const outcome = await context.forks.add(() => {
    emit({ kind: 'task-started', host: host.name, task: step.name, module, handler: step.handler, ...shown });
    started = Date.now();
    return runTask(step, host, play.options.become, options, (attempt, of, message) => emit({ kind: 'task-retry', host: host.name, task: step.name, attempt, of, message }), delegate);
  });
  Object.assign(outcome, shown);
  if (options.check) {
    const verdict = checkModeVerdict(outcome.result, host);
    if (verdict !== outcome.result && verdict.skipped) outcome.unknown = true;
    outcome.result = verdict;
  }
  const owed = step.handler ? pendingNote(host, play.name, step.name) : undefined;
  if (owed) outcome.result = owedHandlerResult(outcome.result, owed, options.check);
  return { outcome, started };
}

/**
 * The host a task is delegated to, if any: its delegateTo, computed with the host's context
 * (a function may read its vars, facts and results). A problem is the task's failure, once its
 * `when` passed.
 */
function delegateOf(context: PlayRunContext, step: Extract<Step, { kind: 'task' }> | HandlerStep, host: HostState): Delegate | undefined {
  const { delegateTo } = step.meta;
  if (delegateTo === undefined) return undefined;
  try {
    const name = typeof delegateTo === 'function' ? delegateTo(taskContext(host, context.options)) : delegateTo;
    if (typeof name !== 'string' || name === '') return { problem: `delegateTo gave ${JSON.stringify(name) ?? String(name)}, not a host name` };
    if (!context.delegates) return { problem: 'delegateTo is not available here' };
    const problem = context.delegates.problemWith(name);
    return problem ? { problem } : context.delegates.get(name);
  } catch (error) {
    return { problem: `computing delegateTo failed: ${(error as Error).message}` };
  }
}

/** Records a task's outcome on the host (its result, counts, notified handlers) and reports it; undefined when the host is gone. */
export async function recordOutcome(context: PlayRunContext, step: TaskStep, host: HostState, outcome: TaskOutcome, started: number, module = step.kind === 'loop' ? 'loop' : step.call.definition.name): Promise<TaskOutcome | undefined> {
  const { options, emit, play } = context;
  const handler = step.kind !== 'loop' && step.handler;
  host.results.set(step.id, outcome.result);
  // What a later task reads of this one would be a guess: it says it cannot tell instead.
  if (options.check && outcome.unknown) host.unknownResults.set(step.id, step.name);
  if (outcome.unreachable) {
    host.unreachable = true;
    host.counts.unreachable++;
    emit({ kind: 'host-unreachable', host: host.name, task: step.name, message: outcome.unreachable });
    return undefined;
  }
  const ignored = outcome.result.failed && !!step.meta.ignoreErrors;
  host.count(outcome.result, ignored);
  if (!handler) host.tasksDone++;
  if (outcome.result.failed && !ignored) {
    host.failed = true;
    host.lastFailure = { task: step.name, result: outcome.result };
  }
  const warn = (message: string) => emit({ kind: 'warning', message });
  const notify = notifiedHandlers(step.meta.notify, play.handlers);
  if (outcome.result.changed && notify.length > 0) {
    for (const notified of notify) host.notified.add(notified.id);
    if (!options.check) await recordNotified(host, play.name, context.playbook, notify, warn);
  }
  if (handler && !outcome.result.failed && !options.check) await clearPending(host, play.name, step.name, warn);
  const sensitive = !!step.meta.sensitive || !!outcome.sensitive;
  emit({
    kind: 'task-finished', host: host.name, task: step.name, module, target: outcome.target, handler,
    result: sensitive ? redact(outcome.result) : outcome.result, ignored, sensitive, durationMs: Date.now() - started,
    ...(options.check && outcome.unknown && { unknown: true }), ...(outcome.delegate && { delegate: outcome.delegate }),
  });
  return outcome;
}

/**
 * A handler an earlier run owed the host says so. In check mode it is drift unless its module
 * knows there is nothing left to do: a restart (not run in check mode) is owed, but a reboot that
 * the interrupted run got to make is "no reboot required", and the next run only clears the record.
 */
export function owedHandlerResult(result: TaskResult, note: string, check: boolean): TaskResult {
  const message = [note, result.message].filter(Boolean).join('; ');
  if (!check || result.failed) return { ...result, message };
  if (result.status === 'ok') return { ...result, message: `${message}: nothing is left to do; the next run clears the record` };
  return { ...result, status: 'changed', changed: true, skipped: false, message };
}

/**
 * Check mode inspects the host as it is. Until a task would have changed it, that is exactly what
 * the real run would see, and a failure is a sure prediction. After that, a failure may be one an
 * earlier change would have prevented (a directory made, a package installed): it is reported as
 * skipped with the reason, never as a confident failure.
 */
function checkModeVerdict(result: TaskResult, host: HostState): TaskResult {
  if (result.failed && host.wouldHaveChanged) {
    return { ...result, status: 'skipped', failed: false, skipped: true, message: `check mode cannot tell: this would fail on the host as it is now (${result.message ?? 'failed'}), but an earlier task would change the host first` };
  }
  if (result.changed) host.wouldHaveChanged = true;
  return result;
}

async function runHandlers(context: PlayRunContext, host: HostState, stillRunning: (h: HostState) => boolean): Promise<void> {
  for (const handler of context.play.handlers) {
    if (!host.notified.has(handler.id) || !stillRunning(host)) continue;
    host.notified.delete(handler.id);
    await context.seats.with(host, () => execute(context, handler, host));
  }
}

/**
 * `leaveUnanswered`: a host that does not answer is not counted unreachable (yet): a later task
 * waits for it (preflight, for hosts a play waits for with a connectWait module).
 */
export async function ensureFacts(context: Pick<PlayRunContext, 'play' | 'forks' | 'emit'>, host: HostState, leaveUnanswered = false): Promise<boolean> {
  // Unreachable once is out of the run, as in Ansible: not tried, counted and listed again per play.
  if (host.unreachable) return false;
  if ((host.facts && !host.factsStandIn) || context.play.options.gatherFacts === false) {
    if (!host.facts) {
      host.facts = parseFacts('');
      host.factsStandIn = true;
    }
    return true;
  }
  try {
    host.facts = await context.forks.add(() => gatherFacts(host.connection));
    host.factsStandIn = false;
    loadPending(host, host.facts.pendingHandlers);
    return true;
  } catch (error) {
    if (!(error instanceof ConnectionError)) throw error;
    if (leaveUnanswered) return false;
    host.unreachable = true;
    host.counts.unreachable++;
    context.emit({ kind: 'host-unreachable', host: host.name, task: 'gather facts', message: error.message });
    return false;
  }
}

async function runController(context: PlayRunContext, step: Extract<Step, { kind: 'controller' }>, hosts: HostState[]): Promise<boolean> {
  const started = Date.now();
  const active = hosts.filter((h) => h.active);
  let result: TaskResult;
  try {
    await step.run({
      hosts: active.map((h) => h.name),
      check: context.options.check,
      vars: (name) => hosts.find((h) => h.name === name)?.vars ?? {},
      result: (task, name) => hosts.find((h) => h.name === name)?.results.get(task.id) as never,
    });
    result = { status: 'ok', changed: false, failed: false };
  } catch (error) {
    result = { status: 'failed', changed: false, failed: true, message: (error as Error).message };
  }
  context.emit({ kind: 'controller-finished', task: step.name, result, durationMs: Date.now() - started });
  return !result.failed;
}
