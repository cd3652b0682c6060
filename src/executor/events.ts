// Everything a run reports, as one discriminated union keyed by `kind`. The executor emits these;
// reporters (plain lines, JSON, the live view) only consume them. Sensitive results are redacted
// before they are emitted, so no reporter can leak them.
import type { TaskResult } from '../module-api/module-types.ts';

export interface HostCounts {
  ok: number;
  changed: number;
  failed: number;
  skipped: number;
  unreachable: number;
  ignored: number;
  /** Hosts a block's rescue brought back (Ansible's rescued): the failure rescued is not counted as failed. */
  rescued?: number;
}

export function emptyCounts(): HostCounts {
  return { ok: 0, changed: 0, failed: 0, skipped: 0, unreachable: 0, ignored: 0 };
}

/** Counts one task result the way the recap does: ignored, failed, skipped, changed or ok. */
export function countResult(counts: HostCounts, result: TaskResult, ignored: boolean): void {
  if (ignored) counts.ignored++;
  else if (result.failed) counts.failed++;
  else if (result.skipped) counts.skipped++;
  else if (result.changed) counts.changed++;
  else counts.ok++;
}

export type RunEvent =
  | { kind: 'run-started'; playbook: string; check: boolean; diff: boolean; /** Every play's hosts and tasks (handlers aside), known before anything runs. */ plan: PlannedPlay[] }
  | { kind: 'play-started'; play: string; hosts: string[]; /** Tasks each host will run (handlers aside). */ tasks: number }
  | { kind: 'batch-started'; play: string; hosts: string[]; index: number; of: number }
  | { kind: 'task-started'; host: string; task: string; module: string; handler: boolean; /** The host it runs on for this one (delegateTo). */ delegate?: string }
  | { kind: 'task-retry'; host: string; task: string; attempt: number; of: number; message?: string }
  | {
    kind: 'task-finished'; host: string; task: string; module: string; target: string; handler: boolean; result: TaskResult; ignored: boolean; sensitive: boolean; durationMs: number;
    /** Check mode could not know what this task would do (it did not run, or it read a result that did not). */
    unknown?: boolean;
    /** One item of a loop task, by its label; the loop's own result follows without it. */
    item?: string;
    /** The host it ran on for this one (delegateTo), as Ansible shows `host -> delegate`. */
    delegate?: string;
  }
  | { kind: 'controller-finished'; task: string; result: TaskResult; durationMs: number }
  | { kind: 'host-unreachable'; host: string; task: string; message: string }
  /** A block's rescue succeeded on the host: the failure of `task` is taken back. */
  | { kind: 'block-rescued'; host: string; block: string; task: string }
  | { kind: 'play-stopped'; play: string; reason: string }
  | { kind: 'warning'; message: string }
  | {
    kind: 'run-finished'; recap: Record<string, HostCounts>; durationMs: number; connections: number; channels: number;
    /** Commands run on hosts: the round trips of the run (fact probes included). */ roundTrips?: number;
    /** Hosts that need a reboot, and why. */ rebootRequired: Record<string, string>;
    /** Why the run ended before its end (interrupted, a play stopped it); absent when it ran through. */ stopped?: string;
    /** Per host, planned tasks that never ran (the host failed, became unreachable, or the run stopped). */ notRun: Record<string, number>;
  };

export interface PlannedPlay {
  play: string;
  hosts: string[];
  tasks: string[];
  /** The play's handlers, which run only when notified. */
  handlers?: string[];
}

export type RunEventListener = (event: RunEvent) => void;

/** Hides what a sensitive task produced; keeps whether it changed or failed. */
export function redact(result: TaskResult): TaskResult {
  return {
    status: result.status,
    changed: result.changed,
    failed: result.failed,
    skipped: result.skipped,
    exitCode: result.exitCode,
    message: result.failed ? 'failed (details hidden: sensitive task)' : undefined,
    diff: result.diff ? { unified: '(diff hidden: sensitive task)\n' } : undefined,
  };
}
