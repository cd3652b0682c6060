// Before the first task changes anything: options that functions compute (they need a host's vars
// and facts) are computed for every host and checked for options their module does not know. A
// typo there would otherwise surface only when its task's turn came, after earlier tasks and plays
// had changed hosts. Other problems are left to the task itself: a function may read results of
// tasks that have not run yet, so only an unknown option name is a sure mistake this early. Such
// results are stood in for by a value that answers every question with nothing (unknownResult),
// so the names of the options such a function returns are checked too; a function that still
// cannot be computed is named in a warning, since its typos can only be found when it runs.
import type PQueue from 'p-queue';
import { formatCallSite } from '../playbook/call-site.ts';
import { PlaybookError } from '../playbook/playbook-error.ts';
import { callsOf, tasksOf, type Play } from '../playbook/playbook-types.ts';
import type { TaskContext } from '../module-api/module-types.ts';
import type { ModuleCall } from '../module-api/define-module.ts';
import type { RunEvent } from './events.ts';
import type { DelegateHosts } from './delegate-hosts.ts';
import type { HostState } from './host-state.ts';
import type { RunOptions } from './run-options.ts';
import { ensureFacts } from './run-play.ts';
import { taskContext } from './run-task.ts';
import { stepsSelected } from './tag-filter.ts';

export interface PreflightPlay {
  play: Play;
  hosts: HostState[];
  /** Each host's vars as this play sees them. */
  vars: Map<string, Record<string, unknown>>;
}

export async function preflightOptions(plays: PreflightPlay[], playbook: string, options: RunOptions, forks: PQueue, emit: (event: RunEvent) => void, delegates?: DelegateHosts): Promise<void> {
  const computed = plays.map(({ play }) => [...tasksOf(stepsSelected(play, options)), ...play.handlers].filter((step) => step.kind === 'loop' || typeof step.meta.delegateTo === 'function' || (step.kind === 'task' && typeof step.call.options === 'function')));
  if (computed.every((steps) => steps.length === 0)) return;
  const problems = new Map<string, string[]>();
  const uncomputed = new Map<string, string>();
  // A host some play waits for (a connectWait module: waitForConnection) may not answer yet: its
  // options are then checked when its play runs, and it is unreachable only if the wait fails.
  const waitedFor = new Set(plays.filter(({ play }) => tasksOf(play.steps).some((step) => step.kind === 'task' && !!step.call.definition.connectWait)).flatMap(({ hosts }) => hosts.map((h) => h.name)));
  for (const [index, { play, hosts, vars }] of plays.entries()) {
    const context = { play, playbook, hosts, options, forks, emit };
    const answered = await Promise.all(hosts.map((host) => ensureFacts(context, host, waitedFor.has(host.name))));
    for (const host of hosts.filter((h, i) => h.active && answered[i])) {
      host.vars = vars.get(host.name)!;
      for (const step of computed[index]!) {
        if (step.kind !== 'task' && step.kind !== 'loop') continue;
        const where = [formatCallSite(step.site), `task "${step.name}"`].filter(Boolean).join(': ');
        const context = { ...taskContext(host, options), result: () => unknownResult as never };
        let calls: ModuleCall[];
        let raws: unknown[];
        try {
          // A loop's items, and each item's call, as the run will make them on this host.
          calls = callsOf(step, context);
          raws = calls.map((call) => (typeof call.options === 'function' ? (call.options as (c: TaskContext) => unknown)(context) : call.options));
        } catch (error) {
          // It needs what an earlier task makes in a way the stand-in cannot answer: said once.
          uncomputed.set(where, (error as Error).message);
          continue;
        }
        // A computed delegate the inventory lacks (one that needs no earlier result to be known).
        const delegateTo = step.meta.delegateTo;
        if (typeof delegateTo === 'function' && delegates) {
          for (const item of step.kind === 'loop' ? step.loop.items(context) : [undefined]) {
            // A name made from an earlier result (stood in for here) is known only when the task runs.
            let readResult = false;
            let name: unknown;
            try {
              name = (delegateTo as (c: TaskContext, item: unknown) => unknown)({ ...context, result: () => ((readResult = true), unknownResult) as never }, item);
            } catch {
              continue;
            }
            if (readResult) continue;
            const problem = typeof name === 'string' && name !== '' ? delegates.problemWith(name) : undefined;
            if (problem) problems.set(`${where}: ${problem}`, [...new Set([...(problems.get(`${where}: ${problem}`) ?? []), host.name])]);
          }
        }
        for (const [at, call] of calls.entries()) {
          const parsed = call.definition.schema.safeParse(raws[at]);
          for (const issue of parsed.success ? [] : parsed.error.issues.filter((i) => i.code === 'unrecognized_keys')) {
            const known = issue.message.startsWith('unknown option') ? issue.message : `unknown option ${issue.keys.map((key) => `\`${key}\``).join(', ')}`;
            const message = `${where}: ${call.definition.name}${issue.path.length > 0 ? ` option ${issue.path.join('.')}` : ''}: ${known}`;
            // Several items of a loop may say the same of one host: it is named once.
            const on = problems.get(message) ?? [];
            if (!on.includes(host.name)) problems.set(message, [...on, host.name]);
          }
        }
      }
    }
  }
  for (const [where, why] of uncomputed) {
    emit({ kind: 'warning', message: `${where}: its options cannot be computed before the run (${why}); a misspelt option in them is found only when the task runs` });
  }
  if (problems.size === 0) return;
  const lines = [...problems].map(([message, on]) => `  ${message} (for ${on.length === 1 ? on[0] : `${on.length} hosts: ${on.slice(0, 3).join(', ')}${on.length > 3 ? ', ...' : ''}`})`);
  throw new PlaybookError(`options computed for the hosts name options their modules do not know, or delegates the inventory lacks; nothing was changed:\n${lines.join('\n')}`);
}

/**
 * What an earlier task's result reads as before that task has run: any property, call, index or
 * iteration gives this again or nothing, and it turns into '' or 0, so an options function that
 * reads `result(probe)?.stdout?.trim()` still returns its options and their names can be checked.
 */
const unknownResult: unknown = new Proxy(function unknown() {}, {
  get(_target, key) {
    if (key === Symbol.toPrimitive) return (hint: string) => (hint === 'number' ? 0 : '');
    if (key === Symbol.iterator) return function* empty() {};
    if (key === 'then') return undefined; // not a promise
    return unknownResult;
  },
  apply: () => unknownResult,
  has: () => false,
});
