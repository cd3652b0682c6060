// What the executor knows about one host during a run: how to reach it, its vars and facts,
// the results of its tasks, handlers it owes, and whether it is still in the game.
import type { SshConnection } from '../connection/ssh-connection.ts';
import type { Facts } from '../facts/facts-schema.ts';
import type { FleetHost, TaskResult } from '../module-api/module-types.ts';
import { countResult, emptyCounts, type HostCounts } from './events.ts';

export class HostState {
  facts: Facts | undefined;
  readonly results = new Map<string, TaskResult>();
  readonly notified = new Set<string>();
  failed = false;
  unreachable = false;
  /** Why the host needs a reboot, when a task said so; a reboot clears it. */
  rebootRequired: string | undefined;
  /** Check mode: an earlier task would have changed this host, so later inspections see a state the real run would not. */
  wouldHaveChanged = false;
  /** Check mode: what earlier tasks would have made (`dir:/etc/site`, `user:ops`), see corectl_plan. */
  readonly planned = new Set<string>();
  readonly counts: HostCounts = emptyCounts();

  constructor(
    readonly name: string,
    readonly connection: SshConnection,
    /** The host's vars as the current play sees them (validated by its schema, if any). */
    public vars: Record<string, unknown>,
    /** The inventory's `become` for this host, when the play and task say nothing. */
    readonly become: boolean,
    /** Every inventory host's address and groups, shared by all hosts of the run. */
    readonly fleet: Readonly<Record<string, FleetHost>>,
  ) {}

  get active(): boolean {
    return !this.failed && !this.unreachable;
  }

  count(result: TaskResult, ignored: boolean): void {
    countResult(this.counts, result, ignored);
  }
}
