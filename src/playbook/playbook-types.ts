// The shape of a loaded playbook: plays of steps (tasks, handlers, controller steps, handler
// flushes), with every task's meta options kept apart from its module options.
import type { ModuleCall } from '../module-api/define-module.ts';
import type { TaskContext, TaskResult } from '../module-api/module-types.ts';
import type { CallSite } from './call-site.ts';
import type { SchemaLike } from './schema-like.ts';

/** A task's identity, for `after`, `notify` and reading its registered result. */
export interface TaskHandle {
  readonly id: string;
  readonly name: string;
}

/** A task's handle that knows its module's result data type: `ctx.result(handle)?.data` is typed. */
export interface TypedTaskHandle<Data = Record<string, string>> extends TaskHandle {
  readonly typed: true;
  /** Type-level only: the result data's type. */
  readonly resultData?: Data;
}

export interface HandlerHandle extends TaskHandle {
  readonly handler: true;
}

export interface TaskMeta<Vars = Record<string, unknown>> {
  /** Run only when this returns true for the host. */
  when?: (context: TaskContext<Vars>) => boolean;
  /** Wait for these tasks (on every host of the batch) or controller steps first. */
  after?: TaskHandle[];
  /** May run at the same time as the tasks around it, on its own channel. */
  independent?: boolean;
  become?: boolean;
  becomeUser?: string;
  tags?: string[];
  /**
   * Handlers to run at the end of the play (or at a flush) when this task changed something: their
   * handles, or a topic (a string) that handlers `listen` to, or a handler's name, as in Ansible.
   */
  notify?: (HandlerHandle | string)[];
  /** A handler's topics: a task that notifies one of them notifies this handler (Ansible's `listen`). */
  listen?: string | string[];
  /** Try again up to this many more times while the task fails, or `until` says not yet. */
  retries?: number;
  /** Seconds between tries (default 1). */
  delay?: number;
  until?: (result: TaskResult, context: TaskContext<Vars>) => boolean;
  /** A failure is reported but does not stop the host. */
  ignoreErrors?: boolean;
  changedWhen?: (result: TaskResult, context: TaskContext<Vars>) => boolean;
  failedWhen?: (result: TaskResult, context: TaskContext<Vars>) => boolean;
  /** Run on the first host of the batch only; every host gets its result. */
  runOnce?: boolean;
  /** The task handles secrets: no diff, output or message of it is ever shown. */
  sensitive?: boolean;
  /** Seconds before the task's command is ended. */
  timeout?: number;
  /** At most this many hosts run the task at once (Ansible's `throttle`), whatever --forks allows. */
  throttle?: number;
  /**
   * Also the host's first boot (`corectl ignition`), or (false) not, whatever the play says.
   * run and check run the task as any other.
   */
  firstBoot?: boolean;
  /**
   * Ansible's `check_mode`. `false`: in check mode the task runs for real, for a probe that only
   * reads the host (`rpm -q`, `podman inspect`), so later tasks that read its result see the truth
   * (give such a command `changedWhen: () => false`, as in Ansible, or its "changed" is drift).
   * `true`: the task only ever checks, in a run too: it reports what it would change.
   */
  checkMode?: boolean;
  /**
   * Environment variables for the task's commands on the host (Ansible's `environment`), or a
   * function of the host's context giving them. A play's apply to each of its tasks; a task's win.
   */
  environment?: Environment<Vars>;
  /**
   * Run the task's module on another inventory host (or `localhost`, the controller) on behalf of
   * this one (Ansible's `delegate_to`): this host's vars, facts and results, the delegate's
   * connection (address, user, key, become). The result is this host's. A delegate need not be in
   * the play or in --limit.
   */
  delegateTo?: string | ((context: TaskContext<Vars>) => string);
}

/** Environment variables as written: names to values, or a function of the host's context giving them. */
export type Environment<Vars = Record<string, unknown>> = Readonly<Record<string, string>> | ((context: TaskContext<Vars>) => Readonly<Record<string, string>>);

export interface ControllerContext<Vars = Record<string, unknown>> {
  /** Hosts of the current batch that are still running. */
  hosts: string[];
  check: boolean;
  vars(host: string): Vars;
  result<T extends TaskResult>(task: TaskHandle, host: string): T | undefined;
}

/**
 * A loop's meta options: a task's, with `when` asked per item (as Ansible evaluates it for each
 * item), and how an item is shown.
 */
export interface LoopMeta<Vars = Record<string, unknown>, Item = unknown> extends Omit<TaskMeta<Vars>, 'when' | 'runOnce' | 'until' | 'changedWhen' | 'failedWhen' | 'delegateTo'> {
  when?: (context: TaskContext<Vars>, item: Item) => boolean;
  /** A delegate for each item, or one for all (see TaskMeta.delegateTo). */
  delegateTo?: string | ((context: TaskContext<Vars>, item: Item) => string);
  /** How an item is named in output and reports (Ansible's loop_control.label); by default its JSON, cut to 60 characters. */
  loopLabel?: (item: Item) => string;
  until?: (result: TaskResult, context: TaskContext<Vars>, item: Item) => boolean;
  changedWhen?: (result: TaskResult, context: TaskContext<Vars>, item: Item) => boolean;
  failedWhen?: (result: TaskResult, context: TaskContext<Vars>, item: Item) => boolean;
}

export type { ItemResult, LoopResult } from '../module-api/module-types.ts';

/** A loop task's handle: `ctx.result(handle)` is typed as its LoopResult. */
export interface LoopHandle<Item = unknown, Data = Record<string, string>> extends TaskHandle {
  readonly loop: true;
  /** Type-level only: the item type. */
  readonly item?: Item;
  /** Type-level only: each item's result data type (the module's resultData). */
  readonly resultData?: Data;
}

export interface LoopSpec {
  items: (context: TaskContext) => readonly unknown[];
  call: (item: unknown, context: TaskContext) => ModuleCall;
  label?: (item: unknown) => string;
}

/** What a block sets for every task in it (Ansible's block keywords), and its rescue and always parts. */
export interface BlockOptions<Vars = Record<string, unknown>> extends Pick<TaskMeta<Vars>, 'when' | 'become' | 'becomeUser' | 'tags' | 'ignoreErrors' | 'checkMode' | 'sensitive' | 'timeout' | 'environment' | 'delegateTo'> {
  /** Runs on a host where a task of the block failed; the host is then not failed unless rescue fails too. `ctx.failed` names the task. */
  rescue?: (block: import('./dsl.ts').PlayBuilder<Vars>) => void;
  /** Runs on every host that ran the block, whatever happened in it (unreachable hosts aside). */
  always?: (block: import('./dsl.ts').PlayBuilder<Vars>) => void;
}

export interface BlockStep {
  kind: 'block';
  id: string;
  name: string;
  block: Step[];
  rescue: Step[];
  always: Step[];
  /** The block's own tags, for --tags (its other keywords are in its tasks' meta). */
  meta: TaskMeta;
  site?: CallSite;
}

export type Step =
  | { kind: 'task'; id: string; name: string; call: ModuleCall; meta: TaskMeta; site?: CallSite; handler: false }
  | { kind: 'loop'; id: string; name: string; loop: LoopSpec; meta: LoopMeta; site?: CallSite }
  | BlockStep
  | { kind: 'controller'; id: string; name: string; run: (context: ControllerContext) => unknown; meta: TaskMeta; site?: CallSite }
  | { kind: 'flush'; id: string; site?: CallSite };

export interface HandlerStep {
  kind: 'task';
  id: string;
  name: string;
  call: ModuleCall;
  meta: TaskMeta;
  site?: CallSite;
  handler: true;
}

export interface PlayOptions<Vars = Record<string, unknown>> {
  /** An inventory pattern: `all`, a group, `dns:!ns3`, ... */
  hosts: string;
  become?: boolean;
  /** A zod schema the host's vars must satisfy; tasks then see them typed. */
  vars?: SchemaLike<Vars>;
  gatherFacts?: boolean;
  /** Rolling batches: a count, a percentage ('25%'), or a list of either. */
  serial?: number | string | (number | string)[];
  /** Stop the play when more than this percentage of a batch's hosts failed. */
  maxFailPercentage?: number;
  /** Any failure stops every host after the current task. */
  anyErrorsFatal?: boolean;
  /** Run notified handlers on a host even when a later task failed there (Ansible's force_handlers). */
  forceHandlers?: boolean;
  tags?: string[];
  /**
   * The play is also the hosts' first boot: `corectl ignition` writes it into each host's Ignition
   * config (what Ignition cannot do is left to the first run). run and check run it as any play.
   */
  firstBoot?: boolean;
  /**
   * Butane configs (variant fcos 1.5/1.6, paths relative to the playbook) merged into the
   * first-boot config of the play's hosts before its tasks: what a site already keeps in Butane.
   */
  butane?: string[];
  /** Environment variables for every task of the play (Ansible's play `environment`); a task's own win. */
  environment?: Environment<Vars>;
  /**
   * YAML or JSON files of vars, relative to the playbook (Ansible's `vars_files`; Vault-encrypted
   * ones too): play vars, above the inventory's, below extra vars.
   */
  varsFiles?: string[];
}

/** The handlers a task's notify names: handles as they are, topics and names resolved in the play (Ansible's `listen`). */
export function notifiedHandlers(notify: readonly (HandlerHandle | string)[] | undefined, handlers: readonly HandlerStep[]): HandlerHandle[] {
  return (notify ?? []).flatMap((target) => {
    if (typeof target !== 'string') return [target];
    return handlers.filter((h) => h.name === target || [h.meta.listen ?? []].flat().includes(target)).map((h) => ({ id: h.id, name: h.name, handler: true as const }));
  });
}

/** The module calls a task makes on a host: its own, or one per item a loop gives in this context. */
export function callsOf(step: Extract<Step, { kind: 'task' | 'loop' }> | HandlerStep, context: TaskContext): ModuleCall[] {
  return step.kind === 'loop' ? [...step.loop.items(context)].map((item) => step.loop.call(item, context)) : [step.call];
}

/** Every task and loop of these steps, those inside blocks (block, rescue, always) included, in order. */
export function tasksOf(steps: readonly Step[], parts: readonly ('block' | 'rescue' | 'always')[] = ['block', 'rescue', 'always']): Extract<Step, { kind: 'task' | 'loop' }>[] {
  return steps.flatMap((step) => (step.kind === 'task' || step.kind === 'loop' ? [step] : step.kind === 'block' ? parts.flatMap((part) => tasksOf(step[part], parts)) : []));
}

export interface Play {
  name: string;
  options: PlayOptions<unknown>;
  steps: Step[];
  handlers: HandlerStep[];
  site?: CallSite;
  /** What its varsFiles hold, once read (loadVarsFiles). */
  varsFromFiles?: { vars: Record<string, unknown>; origins: Record<string, { file: string; line: number; column: number }> };
}

export interface Playbook {
  plays: Play[];
}
