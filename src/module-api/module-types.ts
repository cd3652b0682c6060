// The contract between the engine and every module, built-in or a user's own. A module turns
// options into one POSIX sh script that inspects, decides and (outside check mode) changes the
// host in a single round trip, and reports what it did through `@corectl` lines on stdout.
import type { Facts } from '../facts/facts-schema.ts';

/** What a task may know of any inventory host: for zone files, peer lists, cluster members. */
export interface FleetHost {
  /** The address corectl connects to (the inventory name when none is given). */
  address: string;
  /** Every group the host is in, `all` included. */
  groups: string[];
}

/** What a task sees of the run: the host, its vars and facts, earlier registered results. */
export interface TaskContext<Vars = Record<string, unknown>> {
  host: string;
  /** Every host of the inventory (not only this play's), by name. */
  fleet: Readonly<Record<string, FleetHost>>;
  vars: Vars;
  facts: Facts;
  check: boolean;
  /** Why this host needs a reboot, when a task of this run said so (cleared by a reboot). */
  rebootRequired: string | undefined;
  /** In a block's rescue: the task that failed on this host, and its result (Ansible's ansible_failed_task and ansible_failed_result). */
  failed?: { task: string; result: TaskResult };
  /** The result of a registered task on this host (undefined when it did not run here); a loop's is its LoopResult. */
  result<Item, Data = Record<string, string>>(task: { readonly id: string; readonly loop: true; readonly item?: Item; readonly resultData?: Data }): LoopResult<Item, Data> | undefined;
  // A task's handle carries its module's result data type (defineModule's resultData), so `.data`
  // is typed. Two type parameters keep an explicit `result<MyResult>(handle)` on the form below.
  result<Data, Typed extends true>(task: { readonly id: string; readonly typed: Typed; readonly resultData?: Data }): TaskResult<Data> | undefined;
  result<T extends TaskResult>(task: { readonly id: string }): T | undefined;
}

export interface Diff {
  /** A unified diff of file content, when the change is to a file. */
  unified?: string;
  /** Before/after of a state (a unit's enabled/active state, a sysctl value...). */
  before?: string;
  after?: string;
}

/** One task's outcome on one host. */
export interface TaskResult<Data = Record<string, string>> {
  status: 'ok' | 'changed' | 'failed' | 'skipped';
  changed: boolean;
  failed: boolean;
  skipped?: boolean;
  message?: string;
  diff?: Diff;
  /** Command output, for command-like modules. */
  stdout?: string;
  stderr?: string;
  exitCode?: number | null;
  /** What the module reports besides (its resultData, typed: a stat's size, an image's id). */
  data?: Data;
  /** The message is for the reader (debug's): output shows it even when nothing changed. */
  announce?: boolean;
}

/** One item's result within a loop's registered result, with the item and its label. */
export type ItemResult<Item = unknown, Data = Record<string, string>> = TaskResult<Data> & { item: Item; label: string };

/** What a loop task registers, as Ansible's `results`: changed or failed when any item was, skipped when every item was. */
export interface LoopResult<Item = unknown, Data = Record<string, string>> extends TaskResult {
  results: ItemResult<Item, Data>[];
}

/** What a module asks the engine to run on the host: one script, optional stdin. */
export interface RemoteStep {
  script: string;
  stdin?: string | Buffer;
  /**
   * The script reads stdin only after `corectl_need_stdin` (corectl_file calls it when a file's
   * content must be written or diffed). The engine then runs it without stdin first, and again
   * with stdin only when it asks: a run where nothing changed sends no file contents at all.
   */
  lazyStdin?: boolean;
  /** The module needs root for this step whatever the play says (e.g. writing /etc). */
  become?: boolean;
}

/** What a module's controller-side work adds to its task. */
export interface ControllerOutcome {
  changed?: boolean;
  message?: string;
  diff?: Diff;
  data?: Record<string, string>;
  /** One more host step, run at once on the same host; its output joins the task's. */
  next?: RemoteStep;
}

/** What a module decided on the controller alone (ModuleDefinition.local). */
export interface LocalOutcome {
  changed?: boolean;
  failed?: boolean;
  message?: string;
  /** The message is for the reader (debug): shown even when nothing changed. */
  announce?: boolean;
  data?: Record<string, unknown>;
}

/** Parsed `@corectl` directives and the rest of the output of a module's script. */
export interface ModuleOutput {
  exitCode: number | null;
  changed: boolean;
  messages: string[];
  diff: Diff;
  data: Record<string, string>;
  /** Why the host needs a reboot, when the step said so. */
  rebootRequired?: string;
  /** The step started a reboot from this boot; the engine waits this long for another one. */
  rebooting?: { timeoutSeconds: number; bootId: string };
  /** The step stopped at `corectl_need_stdin`: run it again with its stdin. */
  needsStdin?: boolean;
  /**
   * Check mode: what this step would have made (`dir:/etc/site`, `file:/etc/x`, `user:ops`), so
   * later steps of the run can count on it instead of predicting a failure (corectl_plan).
   */
  planned?: string[];
  /** stdout without the directive lines. */
  stdout: string;
  stderr: string;
}
