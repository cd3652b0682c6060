// How a run is asked to behave (from the command line).
import type { Shard } from '../inventory/shard.ts';
export interface RunOptions {
  check: boolean;
  diff: boolean;
  /** Concurrent remote steps across all hosts (Ansible's forks are concurrent hosts). */
  forks: number;
  tags?: string[];
  skipTags?: string[];
  limit?: string;
  /** Only this slice of the selected hosts (--shard I/N). */
  shard?: Shard;
  /** Aborted when the run is asked to stop (a signal; its reason says which): no new task starts. */
  signal?: AbortSignal;
  /** Aborted when the run stops waiting for what runs (a second signal, the grace time over): a reboot wait ends at once. */
  abandon?: AbortSignal;
  /** Run notified handlers on hosts that failed a later task, as Ansible's --force-handlers. */
  forceHandlers?: boolean;
  /**
   * What the run's first task waits for (the playbook's type check, running meanwhile): hosts are
   * connected and facts gathered before it settles, nothing more. Its rejection ends the run before
   * any task, and is the error reported even when the run failed before that.
   */
  startAfter?: Promise<void>;
  /** Told when hosts are ready and the run starts waiting for `startAfter` (it has not settled yet). */
  onWaiting?: () => void;
}
