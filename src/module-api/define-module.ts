// defineModule: how a module is written. It declares its options as a zod schema, says what a
// task acts on, and builds one remote step; the engine validates options (before any host is
// touched when they are static), runs the step, and turns the output into a TaskResult.
import type { z } from 'zod';
import type { IgnitionRendering } from './ignition-fragment.ts';
import type { ControllerOutcome, LocalOutcome, ModuleOutput, RemoteStep, TaskContext, TaskResult } from './module-types.ts';

/** What a module's remote step may depend on besides its options. */
export interface StepEnv {
  check: boolean;
  diff: boolean;
  /** The task's host, vars, facts and earlier results. */
  context: TaskContext;
}

export interface ModuleDefinition<Schema extends z.ZodType = z.ZodType> {
  /** The module's name, shown in output (`file`, `systemd`, ...). */
  name: string;
  /**
   * The Ansible module this one mirrors, as Ansible names it (`ansible.builtin.copy`, with the
   * `state:` it stands for when that matters): shown in the module reference (docs/modules/).
   */
  ansible?: string;
  schema: Schema;
  /** What a task acts on, e.g. the path or unit: shown after the task name. */
  describe(options: z.output<Schema>): string;
  /**
   * Controller work before anything runs on the host, for what the controller alone can tell
   * (x509: whether the CA's policy allows the certificate at all). A thrown error fails the task
   * with its message, and the host is never touched.
   */
  before?(options: z.output<Schema>, env: StepEnv): Promise<void>;
  /** The one round trip: a script (the shell prelude's helpers are available) and its stdin. */
  remote?(options: z.output<Schema>, env: StepEnv): RemoteStep;
  /**
   * Instead of `remote`, for a module the controller decides alone (assert, debug): the host is
   * not contacted. What it returns is the task's result; a thrown error fails the task.
   */
  local?(options: z.output<Schema>, env: StepEnv): LocalOutcome | Promise<LocalOutcome>;
  /**
   * Turns the script's output into a result. The default: changed when the script said so,
   * failed on a non-zero exit.
   */
  result?(output: ModuleOutput, options: z.output<Schema>, env: StepEnv): Partial<TaskResult>;
  /**
   * A second round trip after the step rebooted the host (it printed `corectl_rebooting`) and the
   * host came back with a new boot id and fresh facts: e.g. verify the new deployment is booted.
   */
  afterReboot?(options: z.output<Schema>, env: StepEnv): RemoteStep;
  /**
   * Work on the controller after the host step, before the task ends: it reads the step's output
   * and may add to the result and ask for one more host step (x509: sign the CSR the host made,
   * then install the certificate). Not called when the step failed. A thrown error fails the task
   * with its message.
   */
  controller?(output: ModuleOutput, options: z.output<Schema>, env: StepEnv): Promise<ControllerOutcome>;
  /**
   * The shape of the result's `data` (zod): what later tasks read as `ctx.result(handle)?.data`,
   * type-checked like options. The data the step reported (`corectl_data KEY VALUE`, the
   * controller's, `result`'s) is parsed with it; a mismatch is a failure of the module.
   */
  resultData?: z.ZodType;
  /**
   * The module only reads the host (stat, slurp, a GET): in check mode it runs as in a run, so its
   * result is real and later tasks may read it. A function decides by the options (uri: a GET
   * reads, a POST may change what it is sent to).
   */
  readOnly?: boolean | ((options: z.output<Schema>) => boolean);
  /**
   * The host may not answer yet (it is booting, or being provisioned): the engine waits `delay`,
   * then tries the step every `interval` until it runs or `timeout` passes (then the task fails,
   * saying the last connection error). A host key that does not match fails at once. A
   * host that does not answer when the run begins is left to this wait, not counted unreachable
   * (in a play without gatherFacts). All in seconds.
   */
  connectWait?(options: z.output<Schema>): { delay: number; interval: number; timeout: number };
  /**
   * True when the options carry secrets: no diff and no output of such a task is ever shown. Or
   * the secrets themselves (`{ mask: [password] }`), for a module whose output never holds them
   * (they travel on stdin only): they are masked wherever they appear, and the task's messages and
   * failures stay readable, also when its options came from a secrets file.
   */
  sensitive?(options: z.output<Schema>): boolean | { mask: string[] };
  /**
   * What the task is in a host's first-boot Ignition config (`corectl ignition`): the fragment that
   * leaves the host as the remote step would, or `{ leftToRun: reason }` when Ignition cannot do it
   * (throwing NotExpressibleError says the same). A module without it is left to the first run.
   * The context has the host's vars but no facts (reading one leaves the task to the first run).
   */
  ignition?(options: z.output<Schema>, env: { context: TaskContext }): IgnitionRendering;
}

/** Options as written in a playbook: a value, or a function of the task's context. */
export type OptionsOrFn<Input, Vars = Record<string, unknown>> = Input | ((context: TaskContext<Vars>) => Input);

/**
 * A module applied to options: what `task()` receives. `Data` is its result data's type; written
 * without it (`ModuleCall`, `ModuleCall<X>`), any module's call fits, as it did before modules
 * declared their data (a site's `[string, ModuleCall][]` of tasks still compiles).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above: the one place `any` keeps old code compiling
export interface ModuleCall<Input = unknown, Data = any> {
  readonly definition: ModuleDefinition;
  readonly options: OptionsOrFn<Input, never>;
  /** Type-level only: the result data's type (the module's resultData). */
  readonly resultData?: Data;
}

/**
 * Declares a module; returns the function playbooks call.
 *
 * @example
 * // hostname.sh: name=$1; [ "$(hostname)" = "$name" ] || { corectl_changed; ... }
 * import script from './hostname.sh';
 * export const hostname = defineModule({
 *   name: 'hostname',
 *   schema: z.strictObject({ name: z.string() }),
 *   describe: (o) => o.name,
 *   remote: (o) => ({ script: shellScript(script, o.name) }),
 * });
 */
// Options computed by a function are checked like options written out: the function's result
// type is inferred (Returned) and an option the module does not know is a type error. TypeScript
// cannot infer it when type arguments are given, so the vars' type goes on the context
// parameter instead: `file(({ vars }: TaskContext<SiteVars>) => ({ ... }))`.
type ModuleOptionsArg<Input, Returned, Vars> = Input | ((context: TaskContext<Vars>) => Returned & NoUnknownOptions<Returned, Input>);
// A module whose options are all optional can be called without any: `reboot()`.
type ModuleArgs<Input, Returned, Vars> = object extends Input ? [options?: ModuleOptionsArg<Input, Returned, Vars>] : [options: ModuleOptionsArg<Input, Returned, Vars>];

/** What defineModule returns: the function playbooks call with a module's options. */
export interface ModuleFunction<Input, Data = Record<string, string>> {
  <Returned extends Input, Vars = Record<string, unknown>>(...[options]: ModuleArgs<Input, Returned, Vars>): ModuleCall<Input, Data>;
  /**
   * @deprecated since 0.1: the vars' type as a type argument, `module<Vars>((context) => ...)`,
   * cannot check the options the function returns. Give it on the context parameter instead:
   * `module(({ vars }: TaskContext<Vars>) => ...)`.
   */
  <Vars, Returned extends Input = Input>(options: (context: TaskContext<Vars>) => Returned & NoUnknownOptions<Returned, Input>): ModuleCall<Input, Data>;
}

/** The type of a module's result data: its resultData's output, or the untyped record. */
type DataOf<Definition> = Definition extends { resultData: infer D extends z.ZodType } ? z.output<D> : Record<string, string>;

export function defineModule<Schema extends z.ZodType, Definition extends ModuleDefinition<Schema>>(definition: Definition & ModuleDefinition<Schema>): ModuleFunction<z.input<Schema>, DataOf<Definition>> {
  type Input = z.input<Schema>;
  if (!definition.remote === !definition.local) throw new Error(`module ${definition.name}: give it remote (a host step) or local (decided on the controller), one of them`);
  return (options?: OptionsOrFn<Input, never>): ModuleCall<Input, DataOf<Definition>> => ({
    definition: definition as unknown as ModuleDefinition,
    options: (options ?? {}) as OptionsOrFn<Input, never>,
  });
}

/** Every option name of an options type, across the members of a union. */
type OptionNames<T> = T extends unknown ? keyof T : never;

/** Gives each option a module does not know a type no value has, named after the mistake. */
type NoUnknownOptions<Returned, Input> = { [K in Exclude<keyof Returned, OptionNames<Input>>]: { error: `unknown option \`${K & string}\`` } };
