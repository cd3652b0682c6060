// A loop task on one host (play.loop, Ansible's `loop`): the host's items, then one run of the
// module per item in order, each reported on its own line, then the task's one result as Ansible
// registers a loop: changed or failed when any item was, skipped when every item was (or there was
// none), with `results` holding each item's. The recap counts the task once, as Ansible's does.
import type { TaskContext, TaskResult } from '../module-api/module-types.ts';
import type { ItemResult, LoopMeta, LoopResult, Step, TaskMeta } from '../playbook/playbook-types.ts';
import { redact } from './events.ts';
import type { HostState } from './host-state.ts';
import { recordOutcome, runOne, type PlayRunContext } from './run-play.ts';
import { guessWatch, taskContext, type TaskOutcome } from './run-task.ts';

type LoopStep = Extract<Step, { kind: 'loop' }>;

export async function executeLoop(context: PlayRunContext, step: LoopStep, host: HostState): Promise<TaskOutcome | undefined> {
  const { options, emit } = context;
  const started = Date.now();
  const guesses = guessWatch(host, options.check);
  const itemsContext = taskContext(host, options, guesses.onRead);
  let items: unknown[];
  try {
    const listed = step.loop.items(itemsContext);
    if (!Array.isArray(listed)) throw new Error(`expected a list of items, got ${listed === null ? 'null' : typeof listed}`);
    items = [...listed];
  } catch (error) {
    return finish(context, step, host, started, [], { status: 'failed', changed: false, failed: true, message: `computing the loop's items failed: ${(error as Error).message}` });
  }
  const guessed = guesses.cannotTell('its items read');
  if (guessed) return finish(context, step, host, started, [], guessed, true);
  const results: ItemResult[] = [];
  let unknown = false;
  let module = 'loop';
  for (const [index, item] of items.entries()) {
    // A stop (a signal, a failure elsewhere under anyErrorsFatal) starts no further item.
    if (options.signal?.aborted) break;
    const label = labelOf(step, item);
    let outcome: TaskOutcome;
    let itemStarted = Date.now();
    try {
      const call = step.loop.call(item, itemsContext);
      module = call.definition.name;
      const itemStep = { kind: 'task' as const, id: `${step.id}[${index}]`, name: step.name, call, meta: itemMeta(step.meta, item), site: step.site, handler: false as const };
      ({ outcome, started: itemStarted } = await runOne(context, itemStep, host));
    } catch (error) {
      outcome = { result: { status: 'failed', changed: false, failed: true, message: `making the task for this item failed: ${(error as Error).message}` }, target: '' };
    }
    // The host went away: the loop's own record says so, once.
    if (outcome.unreachable) return recordOutcome(context, step, host, { ...outcome, result: { ...outcome.result, message: `item ${label}: ${outcome.result.message ?? ''}` } }, started);
    unknown ||= !!outcome.unknown;
    const sensitive = !!step.meta.sensitive || !!outcome.sensitive;
    const shown = sensitive ? redact(outcome.result) : outcome.result;
    results.push({ ...shown, item: sensitive ? '(sensitive)' : item, label });
    emit({
      kind: 'task-finished', host: host.name, task: step.name, module, target: outcome.target, handler: false, item: label,
      result: shown, ignored: outcome.result.failed && !!step.meta.ignoreErrors, sensitive, durationMs: Date.now() - itemStarted,
      ...(options.check && outcome.unknown && { unknown: true }), ...(outcome.delegate && { delegate: outcome.delegate }),
    });
  }
  return finish(context, step, host, started, results, aggregate(results, items.length), unknown, module);
}

async function finish(context: PlayRunContext, step: LoopStep, host: HostState, started: number, results: ItemResult[], result: TaskResult, unknown = false, module = 'loop'): Promise<TaskOutcome | undefined> {
  const registered: LoopResult = { ...result, results };
  return recordOutcome(context, step, host, { result: registered, target: '', ...(unknown && { unknown }) }, started, module);
}

/** The loop's result from its items', as Ansible's: failed, else changed, else skipped when every item was. */
function aggregate(results: ItemResult[], listed: number): TaskResult {
  if (listed === 0) return { status: 'skipped', changed: false, failed: false, skipped: true, message: 'no items' };
  const count = (status: TaskResult['status']) => results.filter((r) => r.status === status).length;
  const changed = results.some((r) => r.changed);
  const failed = results.some((r) => r.failed);
  const skipped = results.length > 0 && results.every((r) => r.skipped);
  const parts = [`${results.length} item${results.length === 1 ? '' : 's'}`, ...(['changed', 'failed', 'skipped'] as const).filter((s) => count(s) > 0).map((s) => `${count(s)} ${s}`)];
  if (results.length < listed) parts.push(`${listed - results.length} not run (the run stopped)`);
  const firstFailure = results.find((r) => r.failed);
  return {
    status: failed ? 'failed' : changed ? 'changed' : skipped ? 'skipped' : 'ok',
    changed, failed, ...(skipped && { skipped: true }),
    message: [parts.join(', '), firstFailure && `item ${firstFailure.label}: ${firstFailure.message ?? 'failed'}`].filter(Boolean).join('; '),
  };
}

/** A loop's meta for one item: its `when` and conditions asked with the item; notify and ignoreErrors act on the whole loop. */
function itemMeta(meta: LoopMeta, item: unknown): TaskMeta {
  const { when, until, changedWhen, failedWhen, delegateTo, loopLabel: _label, notify: _notify, ignoreErrors: _ignore, after: _after, independent: _independent, ...rest } = meta;
  return {
    ...rest,
    ...(when && { when: (context: TaskContext) => when(context, item) }),
    ...(delegateTo !== undefined && { delegateTo: typeof delegateTo === 'function' ? (context: TaskContext) => delegateTo(context, item) : delegateTo }),
    ...(until && { until: (result: TaskResult, context: TaskContext) => until(result, context, item) }),
    ...(changedWhen && { changedWhen: (result: TaskResult, context: TaskContext) => changedWhen(result, context, item) }),
    ...(failedWhen && { failedWhen: (result: TaskResult, context: TaskContext) => failedWhen(result, context, item) }),
  };
}

/** How an item is named: the loop's label, else a string as it is, else its JSON (cut to 60 characters). */
function labelOf(step: LoopStep, item: unknown): string {
  if (step.loop.label) return String(step.loop.label(item));
  const text = typeof item === 'string' ? item : JSON.stringify(item) ?? String(item);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
