// What the executor knows about one host during a run: how to reach it, its vars and facts,
// the results of its tasks, handlers it owes, and whether it is still in the game.
import type { HostConnection } from '../connection/host-connection.ts';
import type { Facts, PendingHandler } from '../facts/facts-schema.ts';
import type { FleetHost, TaskResult } from '../module-api/module-types.ts';
import { countResult, emptyCounts, type HostCounts } from './events.ts';

export class HostState {
  facts: Facts | undefined;
  /** The facts are the empty stand-in of a play without gatherFacts: a play that gathers still gathers. */
  factsStandIn?: boolean;
  readonly results = new Map<string, TaskResult>();
  readonly notified = new Set<string>();
  /** Handlers recorded on the host as owed (see pending-handlers.ts), by pendingKey; read with the first facts. */
  readonly pending = new Map<string, PendingHandler>();
  /** The keys of `pending` an earlier run left (as opposed to those this run recorded). */
  readonly pendingEarlier = new Set<string>();
  /** Plays whose handlers already took over what this host had pending. */
  readonly pendingAdopted = new Set<string>();
  failed = false;
  unreachable = false;
  /** The last task that failed here (not ignored): a block's rescue reads it as ctx.failed. */
  lastFailure: { task: string; result: TaskResult } | undefined;
  /** In a block's rescue on this host: the failure being rescued. */
  rescuing: { task: string; result: TaskResult } | undefined;
  /** Why the host needs a reboot, when a task said so; a reboot clears it. */
  rebootRequired: string | undefined;
  /** Check mode: an earlier task would have changed this host, so later inspections see a state the real run would not. */
  wouldHaveChanged = false;
  /** Check mode: what earlier tasks would have made (`dir:/etc/site`, `user:ops`), see corectl_plan. */
  readonly planned = new Set<string>();
  /** Check mode: tasks whose result check mode could not know (not run, or "cannot tell"), by id, with their names. */
  readonly unknownResults = new Map<string, string>();
  readonly counts: HostCounts = emptyCounts();
  /** Planned tasks (handlers aside) this host got a result for, skipped ones included. */
  tasksDone = 0;
  /**
   * Its steps' place in the forks queue: hosts reached earlier go first, so a host that started
   * finishes before many others start, and open connections stay near --forks.
   */
  priority = 0;

  constructor(
    readonly name: string,
    readonly connection: HostConnection,
    /** The host's vars as the current play sees them (validated by its schema, if any). */
    public vars: Record<string, unknown>,
    /** The inventory's `become` for this host, when the play and task say nothing. */
    readonly become: boolean,
    /** Every inventory host's address and groups, shared by all hosts of the run. */
    readonly fleet: Readonly<Record<string, FleetHost>>,
    /** The inventory's `become_user` for this host, when the task names none. */
    readonly becomeUser?: string,
  ) {}

  get active(): boolean {
    return !this.failed && !this.unreachable;
  }

  count(result: TaskResult, ignored: boolean): void {
    countResult(this.counts, result, ignored);
  }
}
