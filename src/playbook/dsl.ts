// The playbook DSL: `playbook(pb => pb.play(name, options, play => play.task(...)))`.
// Everything is plain TypeScript: build-time loops are for-loops, per-host loops are play.loop,
// templates are functions, and a task's handle is how later tasks refer to it (after, notify,
// reading its result).
import type { ModuleCall } from '../module-api/define-module.ts';
import { callerSite } from './call-site.ts';
import type { TaskContext } from '../module-api/module-types.ts';
import type { BlockOptions, ControllerContext, Environment, HandlerHandle, HandlerStep, LoopHandle, LoopMeta, Play, Playbook, PlayOptions, Step, TaskHandle, TaskMeta, TypedTaskHandle } from './playbook-types.ts';

/** Two environments as one: the outer's variables, under the inner's. */
export function mergedEnvironment(outer: Environment, inner: Environment | undefined): Environment {
  if (!inner) return outer;
  if (typeof outer !== 'function' && typeof inner !== 'function') return { ...outer, ...inner };
  const evaluate = (env: Environment, context: TaskContext) => (typeof env === 'function' ? env(context) : env);
  return (context: TaskContext) => ({ ...evaluate(outer, context), ...evaluate(inner, context) });
}

function withEnvironment(step: Step, env: Environment): Step {
  if (step.kind === 'flush' || step.kind === 'controller') return step;
  if (step.kind === 'block') {
    const inner = (steps: Step[]) => steps.map((s) => withEnvironment(s, env));
    return { ...step, block: inner(step.block), rescue: inner(step.rescue), always: inner(step.always) };
  }
  return { ...step, meta: { ...step.meta, environment: mergedEnvironment(env, step.meta.environment as Environment | undefined) } } as Step;
}

/**
 * A step inside a block, with the block's keywords: its `when` is asked first (per task, as in
 * Ansible), its tags added, its other keywords the default where the step says nothing.
 */
function withBlockKeywords(step: Step, keywords: BlockOptions): Step {
  const { when, tags, environment, rescue: _rescue, always: _always, ...defaults } = keywords;
  if (step.kind === 'flush' || step.kind === 'controller') return step;
  if (step.kind === 'block') {
    const inner = (steps: Step[]) => steps.map((s) => withBlockKeywords(s, keywords));
    return { ...step, block: inner(step.block), rescue: inner(step.rescue), always: inner(step.always), meta: { ...step.meta, tags: [...(tags ?? []), ...(step.meta.tags ?? [])] } };
  }
  const merged = {
    ...defaults, ...Object.fromEntries(Object.entries(step.meta).filter(([, v]) => v !== undefined)),
    ...(tags && { tags: [...tags, ...(step.meta.tags ?? [])] }),
    ...(environment && { environment: mergedEnvironment(environment as Environment, step.meta.environment as Environment | undefined) }),
  };
  if (!when) return { ...step, meta: merged } as Step;
  if (step.kind === 'loop') {
    const own = step.meta.when;
    return { ...step, meta: { ...merged, when: (context: TaskContext, item: unknown) => when(context) && (own?.(context, item) ?? true) } } as Step;
  }
  const own = step.meta.when;
  return { ...step, meta: { ...merged, when: (context: TaskContext) => when(context) && (own?.(context) ?? true) } } as Step;
}

export class PlayBuilder<Vars = Record<string, unknown>> {
  readonly steps: Step[] = [];
  readonly handlers: HandlerStep[];
  private readonly ids: Set<string>;

  /** A block's builder shares its play's task ids and handlers. */
  constructor(private readonly playIndex: number, shared?: { ids: Set<string>; handlers: HandlerStep[] }) {
    this.ids = shared?.ids ?? new Set<string>();
    this.handlers = shared?.handlers ?? [];
  }

  /**
   * Tasks run as one (Ansible's block): where one fails on a host, the rest of the block is left,
   * `rescue` runs there and, if it succeeds, the host goes on (recap: rescued); `always` runs on
   * every host that ran the block. `when`, `become`, `tags`, `ignoreErrors`, ... apply to each task
   * in it; blocks nest.
   *
   * @example play.block('upgrade', (b) => { b.task('stage', rpmOstree.upgrade()); b.task('reboot', reboot()); }, { rescue: (r) => r.task('roll back', rpmOstree.rollback()) })
   */
  block(name: string, build: (block: PlayBuilder<Vars>) => void, options: BlockOptions<Vars> = {}): TaskHandle {
    const id = this.uniqueId(name);
    const part = (fill?: (block: PlayBuilder<Vars>) => void) => {
      if (!fill) return [];
      const child = new PlayBuilder<Vars>(this.playIndex, { ids: this.ids, handlers: this.handlers });
      fill(child);
      return child.steps.map((step) => withBlockKeywords(step, options as BlockOptions));
    };
    const { rescue, always, tags } = options;
    this.steps.push({ kind: 'block', id, name, block: part(build), rescue: part(rescue), always: part(always), meta: tags ? { tags } : {}, site: callerSite() });
    return { id, name };
  }

  /**
   * A task: a module applied to options, with meta options (when, notify, retries, ...). Its
   * handle reads its result in later tasks, typed: `ctx.result(handle)?.data` has the module's
   * result data type.
   */
  task<Data = Record<string, string>>(name: string, call: ModuleCall<unknown, Data>, meta: TaskMeta<Vars> = {}): TypedTaskHandle<Data> {
    const id = this.uniqueId(name);
    this.steps.push({ kind: 'task', id, name, call: call as ModuleCall, meta: meta as TaskMeta, site: callerSite(), handler: false });
    return { id, name, typed: true };
  }

  /**
   * A task run once per item of a list each host gives at run time (Ansible's `loop`): `items`
   * reads the host's vars, facts or earlier results; `call` makes the module call for one item.
   * Its handle's result is a LoopResult (`results`, one per item, as Ansible registers a loop).
   * A build-time list needs no loop: a `for` over `play.task` still does that.
   *
   * @example play.loop('users', ({ vars }) => vars.users, (u) => user({ name: u.name, groups: u.groups }), { loopLabel: (u) => u.name })
   */
  loop<Item, Data = Record<string, string>>(
    name: string,
    items: (context: TaskContext<Vars>) => readonly Item[],
    call: (item: Item, context: TaskContext<Vars>) => ModuleCall<unknown, Data>,
    meta: LoopMeta<Vars, Item> = {},
  ): LoopHandle<Item, Data> {
    const id = this.uniqueId(name);
    const loop = {
      items: items as (context: TaskContext) => readonly unknown[],
      call: call as (item: unknown, context: TaskContext) => ModuleCall,
      ...(meta.loopLabel && { label: meta.loopLabel as (item: unknown) => string }),
    };
    this.steps.push({ kind: 'loop', id, name, loop, meta: meta as LoopMeta, site: callerSite() });
    return { id, name, loop: true };
  }

  /** A handler: runs once per host at the end of the play (or at a flush) if a task notified it. */
  handler(name: string, call: ModuleCall, meta: TaskMeta<Vars> = {}): HandlerHandle {
    const id = this.uniqueId(`handler:${name}`);
    this.handlers.push({ kind: 'task', id, name, call, meta: meta as TaskMeta, site: callerSite(), handler: true });
    return { id, name, handler: true };
  }

  /** A step that runs on the controller once, after every host finished the steps before it. */
  controller(name: string, run: (context: ControllerContext<Vars>) => unknown, meta: Pick<TaskMeta<Vars>, 'after' | 'tags' | 'when'> = {}): TaskHandle {
    const id = this.uniqueId(name);
    this.steps.push({ kind: 'controller', id, name, run: run as (context: ControllerContext) => unknown, meta: meta as TaskMeta, site: callerSite() });
    return { id, name };
  }

  /** Runs the handlers notified so far, now, instead of at the end of the play. */
  flushHandlers(): void {
    this.steps.push({ kind: 'flush', id: this.uniqueId('flush handlers'), site: callerSite() });
  }

  private uniqueId(name: string): string {
    let id = `${this.playIndex}:${name}`;
    for (let n = 2; this.ids.has(id); n++) id = `${this.playIndex}:${name}#${n}`;
    this.ids.add(id);
    return id;
  }
}

export class PlaybookBuilder {
  readonly plays: Play[] = [];

  play<Vars = Record<string, unknown>>(name: string, options: PlayOptions<Vars>, build: (play: PlayBuilder<Vars>) => void): void {
    const site = callerSite();
    const builder = new PlayBuilder<Vars>(this.plays.length);
    build(builder);
    // A play's environment under each task's own (blocks and loops included), as Ansible merges them.
    const env = options.environment as Environment | undefined;
    const steps = env ? builder.steps.map((step) => withEnvironment(step, env)) : builder.steps;
    const handlers = env ? builder.handlers.map((handler) => ({ ...handler, meta: { ...handler.meta, environment: mergedEnvironment(env, handler.meta.environment) } })) : builder.handlers;
    this.plays.push({ name, options: options as PlayOptions<unknown>, steps, handlers, site });
  }
}

/**
 * Declares a playbook; its module's default export.
 *
 * @example
 * export default playbook((pb) => {
 *   pb.play('time', { hosts: 'all', become: true }, (play) => {
 *     const restart = play.handler('restart chronyd', systemd({ unit: 'chronyd', state: 'restarted' }));
 *     play.task('chrony.conf', file({ path: '/etc/chrony.conf', content: 'pool pool.ntp.org iburst\n' }), { notify: [restart] });
 *   });
 * });
 */
export function playbook(build: (pb: PlaybookBuilder) => void): Playbook {
  const builder = new PlaybookBuilder();
  build(builder);
  return { plays: builder.plays };
}
