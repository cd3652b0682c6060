// Runs one task on one host: `when`, options (validated per host when they are a function),
// the module's round trip (and, when it rebooted the host, waiting for it and the afterReboot
// step; when the module has controller-side work, that and its follow-up step), then
// changedWhen/failedWhen and retries/until.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConnectionError, ConnectionLostError, CommandTimeoutError } from '../connection/errors.ts';
import { isLineText } from '../connection/shell-session.ts';
import { quote } from '../connection/shell-quote.ts';
import { BOOT_ID_FUNCTION } from '../facts/probe-script.ts';
import { ConnectWaitTimeoutError, untilConnected } from './connect-wait.ts';
import type { ModuleDefinition } from '../module-api/define-module.ts';
import type { ControllerOutcome, ModuleOutput, RemoteStep, TaskContext, TaskResult } from '../module-api/module-types.ts';
import { parseModuleOutput } from '../module-api/remote-output.ts';
import { contentHash } from '../module-api/option-schemas.ts';
import { describeOptionProblems } from '../module-api/option-problems.ts';
import { MODULE_FUNCTIONS, stepHeader } from '../module-api/shell-prelude.ts';
import { formatCallSite } from '../playbook/call-site.ts';
import type { HandlerStep, Step, TaskMeta } from '../playbook/playbook-types.ts';
import { holdsSensitive, sensitive as markSensitive } from '../secrets/sensitive-values.ts';
import type { StepTarget } from './delegate-hosts.ts';
import type { HostState } from './host-state.ts';
import type { RunOptions } from './run-options.ts';
import { interruptOf } from './run-interrupted.ts';
import { RebootTimeoutError, waitForReboot } from './wait-for-reboot.ts';

type TaskStep = Extract<Step, { kind: 'task' }> | HandlerStep;

export interface TaskOutcome {
  result: TaskResult;
  target: string;
  /** The host could not be reached: it stops, and is reported apart from failures. */
  unreachable?: string;
  /** The module said its options hold secrets. */
  sensitive?: boolean;
  /** Check mode could not know this result: the task did not run, or read a result that did not. */
  unknown?: boolean;
  /** The host the task ran on for this one (delegateTo). */
  delegate?: string;
}

/** `onRead`: told of every earlier result the task reads (check mode uses it to find guesses). */
export function taskContext(host: HostState, options: RunOptions, onRead?: (task: { readonly id: string }) => void): TaskContext {
  return {
    host: host.name,
    fleet: host.fleet,
    vars: host.vars,
    facts: host.facts!,
    check: options.check,
    rebootRequired: host.rebootRequired,
    ...(host.rescuing && { failed: host.rescuing }),
    result: <T extends TaskResult>(task: { readonly id: string }) => {
      onRead?.(task);
      return host.results.get(task.id) as T | undefined;
    },
  };
}

/**
 * In check mode, the results check mode could not know (a command it did not run) that a function
 * reads — a `when`, options, a loop's items: deciding on them would be a guess, so the task says
 * it cannot tell instead. `onRead` goes to taskContext; `cannotTell(subject)` is the verdict, if any.
 */
export function guessWatch(host: HostState, check: boolean): { onRead?: (task: { readonly id: string }) => void; cannotTell: (subject: string) => TaskResult | undefined } {
  const readFrom = new Set<string>();
  const onRead = (task: { readonly id: string }) => {
    const name = host.unknownResults.get(task.id);
    if (name !== undefined) readFrom.add(name);
  };
  return {
    ...(check && { onRead }),
    cannotTell: (subject) => (readFrom.size === 0 ? undefined : {
      status: 'skipped', changed: false, failed: false, skipped: true,
      message: `check mode cannot tell: ${subject} the result of ${[...readFrom].map((name) => `"${name}"`).join(', ')}, which check mode did not run (give a task that only reads the host checkMode: false)`,
    }),
  };
}

/**
 * Whether a task's step runs in check mode: a task's own checkMode first (Ansible's check_mode),
 * then a read-only module (running it changes nothing, and its result is then real), else the run's.
 */
export function stepChecks(meta: TaskMeta, definition: ModuleDefinition, check: boolean, moduleOptions: unknown): boolean {
  if (meta.checkMode !== undefined) return meta.checkMode;
  const readOnly = typeof definition.readOnly === 'function' ? definition.readOnly(moduleOptions) : definition.readOnly;
  return check && !readOnly;
}

/** Where a delegated task runs (see DelegateHosts), or why it cannot. */
export type Delegate = StepTarget | { problem: string };

export async function runTask(step: TaskStep, host: HostState, playBecome: boolean | undefined, options: RunOptions, onRetry: (attempt: number, of: number, message?: string) => void, delegate?: Delegate): Promise<TaskOutcome> {
  const guesses = guessWatch(host, options.check);
  const context = taskContext(host, options, guesses.onRead);
  const { meta } = step;
  const definition = step.call.definition;
  const cannotTell = (what: string): TaskOutcome | undefined => {
    const result = guesses.cannotTell(what);
    return result && { result, target: '', unknown: true };
  };
  const when = meta.when ? meta.when(context) : true;
  const guessedWhen = cannotTell('its `when` reads');
  if (guessedWhen) return guessedWhen;
  if (!when) return { result: { status: 'skipped', changed: false, failed: false, skipped: true, message: 'condition is false' }, target: '' };

  let moduleOptions: unknown;
  try {
    const raw = typeof step.call.options === 'function' ? (step.call.options as (c: TaskContext) => unknown)(context) : step.call.options;
    const parsed = definition.schema.safeParse(raw);
    if (!parsed.success) {
      return failed(`${formatCallSite(step.site)}: ${describeOptionProblems(definition.name, parsed.error)}`);
    }
    moduleOptions = parsed.data;
  } catch (error) {
    return failed(`${formatCallSite(step.site)}: computing the options failed: ${(error as Error).message}`);
  }
  const guessedOptions = cannotTell('its options reads');
  if (guessedOptions) return guessedOptions;
  if (delegate && 'problem' in delegate) return failed(`${formatCallSite(step.site)}: ${delegate.problem}`);
  const check = stepChecks(meta, definition, options.check, moduleOptions);
  let environment: Readonly<Record<string, string>> = {};
  try {
    environment = typeof meta.environment === 'function' ? meta.environment(context) : (meta.environment ?? {});
    const bad = Object.keys(environment).filter((name) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name));
    if (bad.length > 0) return failed(`${formatCallSite(step.site)}: environment: ${bad.map((n) => JSON.stringify(n)).join(', ')} cannot be the name of an environment variable`);
  } catch (error) {
    return failed(`${formatCallSite(step.site)}: computing the environment failed: ${(error as Error).message}`);
  }
  const exports = Object.entries(environment).map(([name, value]) => `export ${name}=${quote(String(value))}\n`).join('');
  const target = definition.describe(moduleOptions);
  const sensitive = taskIsSensitive(definition, moduleOptions);
  const attempts = 1 + (meta.retries ?? 0);
  let outcome: TaskOutcome = { result: { status: 'ok', changed: false, failed: false }, target };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    outcome = { ...(await runOnce(definition, moduleOptions, target, host, meta, playBecome, options, context, check, exports, delegate)), sensitive };
    if (outcome.unreachable) return outcome;
    outcome.result = applyConditions(outcome.result, meta, context);
    const done = meta.until ? !outcome.result.failed && meta.until(outcome.result, context) : !outcome.result.failed;
    if (done || attempt === attempts || options.signal?.aborted) break;
    onRetry(attempt, attempts - 1, outcome.result.message);
    await sleep((meta.delay ?? 1) * 1000);
  }
  if (meta.until && !outcome.result.failed && !meta.until(outcome.result, context)) {
    outcome.result = { ...outcome.result, status: 'failed', failed: true, message: `"until" still false after ${attempts} attempt(s)` };
  }
  // Skipped by check mode itself (a command it does not run): what it would have given is unknown.
  if (check && outcome.result.skipped) outcome.unknown = true;
  // Said where the task's own checkMode made it differ from the run (a read-only module runs for real unsaid).
  const forReal = options.check && meta.checkMode === false;
  const note = forReal
    ? `run for real in check mode (checkMode: false)${outcome.result.changed ? '; it counts as drift: a task that only reads the host wants changedWhen: () => false' : ''}`
    : !options.check && check ? 'only checked (checkMode: true): nothing was changed' : undefined;
  if (note && outcome.result.status !== 'skipped') outcome.result = { ...outcome.result, message: [note, outcome.result.message].filter(Boolean).join('; ') };
  return outcome;
}

async function runOnce(definition: ModuleDefinition, moduleOptions: unknown, target: string, host: HostState, meta: TaskMeta, playBecome: boolean | undefined, options: RunOptions, context: TaskContext, check: boolean, exports = '', delegate?: StepTarget): Promise<TaskOutcome> {
  const env = { check, diff: options.diff, context };
  if (definition.local) {
    try {
      const decided = await definition.local(moduleOptions, env);
      const result: TaskResult = { status: 'ok', changed: !!decided.changed, failed: !!decided.failed, ...(decided.message !== undefined && { message: decided.message }), ...(decided.announce && { announce: true }), ...(decided.data && { data: decided.data as Record<string, string> }) };
      return { result: withTypedData(withStatus(result), definition), target };
    } catch (error) {
      return { result: failedResult((error as Error).message), target };
    }
  }
  // A delegated step runs on the delegate; what it says of reboots is the delegate's, not the host's.
  const on: StepTarget = delegate ?? host;
  let step: RemoteStep;
  try {
    await definition.before?.(moduleOptions, env);
    step = definition.remote!(moduleOptions, env);
    step = withEnvironment(step, exports);
  } catch (error) {
    // Building the step read something on the controller that is not there (a CA, a src file).
    return { result: failedResult((error as Error).message), target };
  }
  try {
    const wait = definition.connectWait?.(moduleOptions);
    let output = wait
      ? await untilConnected(() => runStep(step, on, meta, playBecome, env.check, env.diff), wait, options.signal)
      : await runStep(step, on, meta, playBecome, env.check, env.diff);
    if (output.rebootRequired && !delegate) {
      host.rebootRequired = output.rebootRequired;
      if (output.changed) output.messages.push(`reboot required: ${output.rebootRequired}`);
    }
    if (output.rebooting && output.exitCode === 0) {
      const started = Date.now();
      try {
        const facts = await waitForReboot(on.connection, output.rebooting.bootId, output.rebooting.timeoutSeconds * 1000, options.signal, undefined, options.abandon);
        if (!delegate) host.facts = facts;
      } catch (error) {
        if (!(error instanceof RebootTimeoutError)) throw error;
        return { result: { ...failedResult(error.message), changed: true }, target };
      }
      if (!delegate) host.rebootRequired = undefined;
      output.messages.push(`back after ${((Date.now() - started) / 1000).toFixed(1)} s with a new boot id`);
      if (definition.afterReboot) {
        const after = await runStep(withEnvironment(definition.afterReboot(moduleOptions, { ...env, context: taskContext(host, options) }), exports), on, meta, playBecome, env.check, env.diff);
        output = mergeOutputs(output, after);
      }
    }
    if (definition.controller && output.exitCode === 0) {
      let outcome: ControllerOutcome;
      try {
        outcome = await definition.controller(output, moduleOptions, { ...env, context: taskContext(host, options) });
      } catch (error) {
        if (error instanceof ConnectionError) throw error;
        return { result: { ...failedResult((error as Error).message), changed: output.changed }, target };
      }
      output = withControllerOutcome(output, outcome);
      if (outcome.next) output = mergeOutputs(output, await runStep(withEnvironment(outcome.next, exports), on, meta, playBecome, env.check, env.diff));
    }
    const failed = output.exitCode !== 0;
    const { messages } = output;
    // Modules report `changed` only once a change is made, so a failed step is changed only when
    // it really changed something first (never in check mode, where nothing is changed).
    const changed = output.changed && !(failed && env.check);
    const reason = firstLine(output.stderr) || `exit code ${output.exitCode}`;
    const base: TaskResult = {
      status: failed ? 'failed' : changed ? 'changed' : 'ok',
      changed,
      failed,
      message: failed
        ? [reason, ...(changed ? [`changed before failing: ${messages.join('; ') || 'yes'}`] : messages)].join('; ')
        : messages.join('; ') || undefined,
      diff: Object.keys(output.diff).length > 0 ? output.diff : undefined,
      stdout: output.stdout,
      stderr: output.stderr,
      exitCode: output.exitCode,
      data: output.data,
    };
    const overrides = definition.result?.(output, moduleOptions, env) ?? {};
    return { result: withTypedData(withStatus({ ...base, ...overrides }), definition), target };
  } catch (error) {
    // Past the grace time of a stop, corectl closed the connections itself: the host did nothing wrong.
    const interrupt = interruptOf(options.signal);
    if (interrupt && on.connection.isClosed && error instanceof ConnectionError) {
      return { result: failedResult(`${interrupt.message}: corectl stopped waiting for this task; it may or may not have completed on the host`), target };
    }
    if (error instanceof CommandTimeoutError || error instanceof ConnectWaitTimeoutError) return { result: failedResult(error.message), target };
    // As in Ansible, a delegate that cannot be reached makes the task unreachable for the host.
    const through = delegate ? `delegated to ${delegate.name}: ` : '';
    if (error instanceof ConnectionLostError && !delegate) return afterLostConnection(error, host, target);
    if (error instanceof ConnectionError) return { result: failedResult(`${through}${error.message}`), target, unreachable: `${through}${error.message}` };
    throw error;
  }
}

/**
 * The connection dropped while the task ran. Reconnecting (for as long as the reconnect timeout
 * allows) tells what happened: the host rebooted (its boot id changed), the link blipped (same
 * boot id), or it is gone (unreachable). Either way the task may or may not have completed, so
 * it fails and the host stops; the next run converges it.
 */
async function afterLostConnection(error: ConnectionLostError, host: HostState, target: string): Promise<TaskOutcome> {
  let bootId: string;
  try {
    bootId = (await host.connection.exec(`${BOOT_ID_FUNCTION}corectl_boot_id`)).stdout.trim();
  } catch (reconnectError) {
    const message = `${error.message}; it did not answer again: ${(reconnectError as Error).message}`;
    return { result: failedResult(message), target, unreachable: message };
  }
  const before = host.facts?.bootId;
  if (host.facts && bootId) host.facts = { ...host.facts, bootId };
  // Without facts (gatherFacts: false) there is no earlier boot id to compare with.
  const message = !before || !bootId
    ? `${error.message}; the host is back`
    : bootId !== before
      ? `${host.name}: the host rebooted while the task ran (not by corectl); the task may or may not have completed: run again to converge`
      : `${error.message}; the host is back and did not reboot`;
  return { result: failedResult(message), target };
}

/**
 * One module round trip: the prelude and the step's script, its output parsed. A step with lazy
 * stdin goes without it first, and a second time with it only when the script asks; short text
 * goes at once (it costs the host less than the second round trip would).
 */
async function runStep(step: RemoteStep, host: StepTarget, meta: TaskMeta, playBecome: boolean | undefined, check: boolean, diff: boolean): Promise<ModuleOutput> {
  if (!step.lazyStdin || step.stdin === undefined || isLineText(step.stdin)) return runScript(step, true, host, meta, playBecome, check, diff);
  const first = await runScript(step, false, host, meta, playBecome, check, diff);
  if (!first.needsStdin) return first;
  return mergeOutputs(first, await runScript(step, true, host, meta, playBecome, check, diff));
}

async function runScript(step: RemoteStep, withStdin: boolean, host: StepTarget, meta: TaskMeta, playBecome: boolean | undefined, check: boolean, diff: boolean): Promise<ModuleOutput> {
  const nonce = randomBytes(6).toString('hex');
  const text = withStdin && step.stdin !== undefined && isLineText(step.stdin) ? step.stdin : undefined;
  const stdin = { sent: withStdin, ...(text !== undefined && { hash: contentHash(text), bytes: Buffer.byteLength(text) }) };
  const exec = await host.connection.exec(`${stepHeader(check, diff, nonce, stdin, check ? host.planned : [])}${step.script}`, {
    definitions: MODULE_FUNCTIONS,
    stdin: withStdin ? step.stdin : undefined,
    become: step.become ?? meta.become ?? playBecome ?? host.become,
    becomeUser: meta.becomeUser ?? host.becomeUser,
    timeoutMs: meta.timeout ? meta.timeout * 1000 : undefined,
  });
  const output = parseModuleOutput(exec.stdout, exec.stderr, exec.exitCode, nonce);
  if (check && output.exitCode === 0) output.planned?.forEach((made) => host.planned.add(made));
  return output;
}

function withControllerOutcome(output: ModuleOutput, outcome: ControllerOutcome): ModuleOutput {
  return {
    ...output,
    changed: output.changed || (outcome.changed ?? false),
    messages: outcome.message ? [...output.messages, outcome.message] : output.messages,
    diff: { ...output.diff, ...outcome.diff },
    data: { ...output.data, ...outcome.data },
  };
}

/** Two steps of one task (before and after a reboot, around controller work, or a step run again with its stdin), reported as one result. */
function mergeOutputs(before: ModuleOutput, after: ModuleOutput): ModuleOutput {
  return {
    rebootRequired: after.rebootRequired ?? before.rebootRequired,
    exitCode: after.exitCode,
    changed: before.changed || after.changed,
    // A step run twice (lazy stdin) may say the same thing in both runs.
    messages: [...new Set([...before.messages, ...after.messages])],
    diff: { ...before.diff, ...after.diff },
    data: { ...before.data, ...after.data },
    stdout: [before.stdout, after.stdout].filter((text) => text.trim() !== '').join('\n'),
    stderr: [before.stderr, after.stderr].filter((text) => text.trim() !== '').join('\n'),
  };
}

function applyConditions(result: TaskResult, meta: TaskMeta, context: TaskContext): TaskResult {
  let next = result;
  if (meta.changedWhen && !next.skipped) next = { ...next, changed: meta.changedWhen(next, context) };
  if (meta.failedWhen && !next.skipped) next = { ...next, failed: meta.failedWhen(next, context) };
  return withStatus(next);
}

function withStatus(result: TaskResult): TaskResult {
  const status = result.failed ? 'failed' : result.skipped ? 'skipped' : result.changed ? 'changed' : 'ok';
  return { ...result, status };
}

/** The task's environment exported ahead of a step's script (each step runs in a subshell of its own, so nothing leaks to the next). */
function withEnvironment(step: RemoteStep, exports: string): RemoteStep {
  return exports ? { ...step, script: `${exports}${step.script}` } : step;
}

/**
 * The result's data as the module declared it (resultData): parsed, so later tasks read typed
 * values. Data that does not match is the module's mistake, and the task says so.
 */
function withTypedData(result: TaskResult, definition: ModuleDefinition): TaskResult {
  if (!definition.resultData) return result;
  const parsed = definition.resultData.safeParse(result.data ?? {});
  if (parsed.success) return { ...result, data: parsed.data as Record<string, string> };
  // A failed step may have said only part of it: its data is left out rather than mistyped.
  if (result.failed) return { ...result, data: undefined };
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(data)'}: ${issue.message}`).join('; ');
  return { ...result, status: 'failed', failed: true, message: [result.message, `module ${definition.name} reported result data that does not match its resultData (${problems}): a bug of the module`].filter(Boolean).join('; ') };
}

function failedResult(message: string): TaskResult {
  return { status: 'failed', changed: false, failed: true, message };
}

function failed(message: string): TaskOutcome {
  return { result: failedResult(message), target: '' };
}

function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
}

/**
 * Whether a task's output is hidden as a whole. Options built from a secrets file or a sensitive()
 * value make it so by themselves, unless the module names its secrets (they never reach its
 * output, as a password on stdin): those are then masked wherever they appear instead.
 */
export function taskIsSensitive(definition: Pick<ModuleDefinition, 'sensitive'>, options: unknown): boolean {
  const declared = definition.sensitive?.(options) ?? false;
  if (typeof declared === 'object') {
    markSensitive(declared.mask);
    return false;
  }
  return declared || holdsSensitive(options);
}
