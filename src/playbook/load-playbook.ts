// Loads a TypeScript playbook: type-checks it (a type error stops the run with file and line,
// before anything changes on a host), imports it (compiled on the fly, see compile-playbook.ts)
// meanwhile, and validates it before any host is touched: static module options against their
// schemas, notify targets, `after` references and cycles.
import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatCallSite, type CallSite } from './call-site.ts';
import { importPlaybook } from './compile-playbook.ts';
import { notifiedHandlers, tasksOf, type Playbook, type Step } from './playbook-types.ts';
import { PlaybookError } from './playbook-error.ts';
import { startTypecheck } from './typecheck-playbook.ts';
import { optionProblems } from '../module-api/option-problems.ts';

/** A loaded playbook and its type check, which may still be running (see startTypecheck). */
export interface OpenedPlaybook {
  playbook: Playbook;
  /** Rejects with the type errors, if any: nothing may change on a host before it resolves. */
  typechecked: Promise<void>;
}

/** Loads a playbook and waits for its type check. */
export interface OpenOptions {
  typecheck?: boolean;
  /** Where the type check's warnings go (a deprecated form the playbook uses). */
  warn?: (message: string) => void;
}

export async function loadPlaybook(path: string, options: OpenOptions = {}): Promise<Playbook> {
  const { playbook, typechecked } = await openPlaybook(path, options);
  await typechecked;
  return playbook;
}

/**
 * Loads a playbook while its type check runs. A playbook that fails to load or validate fails
 * with its type errors when it has some: they are the cause, the rest follows from them.
 */
export async function openPlaybook(path: string, options: OpenOptions = {}): Promise<OpenedPlaybook> {
  const file = resolve(path);
  await access(file).catch(() => {
    throw new PlaybookError(`${path}: playbook not found`);
  });
  const typechecked = options.typecheck === false ? Promise.resolve() : startTypecheck(file).then(({ errors, warnings }) => {
    warnings.forEach((warning) => options.warn?.(warning));
    if (errors.length > 0) throw new PlaybookError(`type errors in the playbook:\n${errors.join('\n')}`);
  });
  // Awaited later (or never, when the run ends first): not an unhandled rejection meanwhile.
  typechecked.catch(() => {});
  try {
    return { playbook: await importAndValidate(path, file), typechecked };
  } catch (error) {
    await typechecked;
    throw error;
  }
}

async function importAndValidate(path: string, file: string): Promise<Playbook> {
  let module: { default?: unknown };
  try {
    module = await importPlaybook(file);
  } catch (error) {
    if (error instanceof PlaybookError) throw error;
    throw new PlaybookError(`${path} failed while loading: ${describeLoadError(error, file)}`, { cause: error });
  }
  const playbook = module.default as Playbook | undefined;
  if (!playbook || !Array.isArray(playbook.plays)) {
    throw new PlaybookError(`${path} must have a default export made with playbook(...)`);
  }
  validatePlaybook(playbook);
  return playbook;
}

function describeLoadError(error: unknown, file: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const frame = (error instanceof Error ? (error.stack ?? '') : '').split('\n').find((line) => line.includes(file));
  const site = frame ? /(\/[^()\s?]+)(?:\?[^:\s]*)?(:\d+:\d+)/.exec(frame) : undefined;
  const where = site ? `${site[1]!.replace(/^\/\/+/, '/')}${site[2]}` : undefined;
  return where ? `${where}: ${message}` : message;
}

/** Every problem found, not only the first: a person fixes them all in one go. */
export function validatePlaybook(playbook: Playbook): void {
  const problems: string[] = [];
  const known = new Map<string, Step | { kind: 'handler' }>();
  for (const play of playbook.plays) {
    for (const step of [...play.steps, ...tasksOf(play.steps)]) known.set(step.id, step);
    for (const handler of play.handlers) known.set(handler.id, { kind: 'handler' });
  }
  for (const play of playbook.plays) {
    const handlerIds = new Set(play.handlers.map((h) => h.id));
    problems.push(...blockRefusals(play.steps));
    for (const step of [...play.steps.filter((s) => s.kind !== 'block'), ...tasksOf(play.steps.filter((s) => s.kind === 'block')), ...play.handlers]) {
      if (step.kind === 'flush') continue;
      const at = (site: CallSite | undefined) => `${formatCallSite(site)}: task "${step.name}"`;
      if (step.kind === 'task' && typeof step.call.options !== 'function') {
        const parsed = step.call.definition.schema.safeParse(step.call.options);
        if (!parsed.success) {
          for (const problem of optionProblems(step.call.definition.name, parsed.error)) problems.push(`${at(step.site)}: ${problem}`);
        }
      }
      for (const target of step.meta.notify ?? []) {
        if (typeof target === 'string') {
          if (notifiedHandlers([target], play.handlers).length === 0) problems.push(`${at(step.site)}: notifies "${target}", which no handler of play "${play.name}" is named or listens to`);
        } else if (!handlerIds.has(target.id)) problems.push(`${at(step.site)}: notifies "${target.name}", which is not a handler of play "${play.name}"`);
      }
      for (const dependency of step.meta.after ?? []) {
        if (!known.has(dependency.id)) problems.push(`${at(step.site)}: runs after "${dependency.name}", which is not in this playbook`);
      }
    }
    const cycle = findCycle(play.steps);
    if (cycle) problems.push(`${formatCallSite(play.site)}: tasks wait for each other in a cycle: ${cycle.join(' -> ')}`);
  }
  if (problems.length > 0) throw new PlaybookError(`the playbook has ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
}

/**
 * What a block cannot hold: steps that look across hosts or the play (a controller step, a handler
 * flush, runOnce, `after`, independent); a block runs on each host by itself, as Ansible's does.
 */
function blockRefusals(steps: readonly Step[], inBlock = false): string[] {
  return steps.flatMap((step): string[] => {
    if (step.kind === 'block') return [...step.block, ...step.rescue, ...step.always].length === 0 ? [`${formatCallSite(step.site)}: block "${step.name}" has no task`] : blockRefusals([...step.block, ...step.rescue, ...step.always], true);
    if (!inBlock) return [];
    const at = `${formatCallSite(step.site)}: ${step.kind === 'flush' ? 'flushHandlers' : `${step.kind === 'controller' ? 'controller step' : 'task'} "${step.name}"`} in a block`;
    if (step.kind === 'flush' || step.kind === 'controller') return [`${at}: a block runs on each host by itself; put it outside the block`];
    const across = (['runOnce', 'after', 'independent'] as const).filter((key) => key in step.meta && (step.meta as Record<string, unknown>)[key] !== undefined && (step.meta as Record<string, unknown>)[key] !== false);
    return across.length > 0 ? [`${at}: ${across.join(', ')} cannot be used in a block (it runs on each host by itself)`] : [];
  });
}

/** Steps run in the order written, plus `after` edges: an `after` on a later step is a cycle. */
function findCycle(steps: Step[]): string[] | undefined {
  const index = new Map(steps.map((s, i) => [s.id, i]));
  const deps = new Map<string, string[]>();
  steps.forEach((step, i) => {
    const previous = i > 0 ? [steps[i - 1]!.id] : [];
    const after = step.kind === 'flush' ? [] : (step.meta.after ?? []).map((a) => a.id).filter((id) => index.has(id));
    deps.set(step.id, [...previous, ...after]);
  });
  const name = (id: string) => {
    const step = steps[index.get(id)!]!;
    return step.kind === 'flush' ? 'flush handlers' : step.name;
  };
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, trail: string[]): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...trail.slice(trail.indexOf(id)), id].map(name);
    state.set(id, 'visiting');
    for (const dep of deps.get(id) ?? []) {
      const cycle = visit(dep, [...trail, id]);
      if (cycle) return cycle;
    }
    state.set(id, 'done');
    return undefined;
  };
  for (const step of steps) {
    const cycle = visit(step.id, []);
    if (cycle) return cycle.reverse();
  }
  return undefined;
}
