// Collects a run's events into one record per host and task: what the JSON and JUnit reports
// and the drift notification are written from. Results arrive already redacted.
import { emptyCounts, type HostCounts, type PlannedPlay, type RunEvent } from '../executor/events.ts';
import type { Diff } from '../module-api/module-types.ts';

export interface TaskRecord {
  play: string;
  task: string;
  module: string;
  target: string;
  handler: boolean;
  status: 'ok' | 'changed' | 'failed' | 'skipped' | 'ignored' | 'unreachable';
  changed: boolean;
  durationMs: number;
  message?: string;
  diff?: Diff;
  /** A command's exit code and output, as Ansible's json callback gives them (absent for a sensitive task). */
  rc?: number | null;
  stdout?: string;
  stderr?: string;
  sensitive: boolean;
  /** A loop task: each item, by its label, in order. */
  items?: ItemRecord[];
  /** A failure a block's rescue took back: not a failure of the run. */
  rescued?: boolean;
  /** The host the task ran on for this one (delegateTo). */
  delegate?: string;
}

export interface ItemRecord {
  label: string;
  status: 'ok' | 'changed' | 'failed' | 'skipped' | 'ignored';
  changed: boolean;
  message?: string;
  diff?: Diff;
}

export interface HostRecord {
  counts: HostCounts;
  /** Planned tasks that never ran on this host (it failed, became unreachable, or the run stopped). */
  notRun: { play: string; task: string }[];
  /** Handlers of this host's plays that did not run (not notified, or the run ended first). */
  handlersNotRun?: { play: string; task: string }[];
  unreachable?: string;
  /** Why the host needs a reboot, when it does at the end of the run. */
  rebootRequired?: string;
  /** Milliseconds from the run's start to this host's last result (a slow or starved host shows here). */
  finishedAfterMs?: number;
  tasks: TaskRecord[];
}

/** What the run was asked to do, for a report read later or elsewhere. */
export interface RunContext {
  /** corectl's version. */
  corectl: string;
  inventory: string[];
  limit?: string;
  tags?: string[];
  skipTags?: string[];
  /** The slice of the hosts this run was (--shard); `corectl report merge` puts slices together. */
  shard?: { index: number; count: number };
}

export interface RunRecord extends RunContext {
  playbook: string;
  check: boolean;
  startedAt: string;
  durationMs: number;
  /** Commands run on hosts: the run's round trips, fact probes included. */
  roundTrips?: number;
  hosts: Record<string, HostRecord>;
  /** Why the run ended before its end: interrupted (and by what), or a play stopped it. */
  stopped?: string;
  /** The run went through every play: false when it was stopped, or corectl itself did not get to the end. */
  finished: boolean;
}

export class RunRecorder {
  readonly record: RunRecord;
  private play = '';
  private plan: PlannedPlay[] = [];
  private readonly started = Date.now();
  private ended = false;
  /** A loop's items so far, by host and task: attached to the loop's own record when it comes. */
  private readonly items = new Map<string, ItemRecord[]>();
  /** Tasks started and not finished, by host: what a forced exit leaves in an unknown state. */
  private readonly running = new Map<string, { play: string; task: string; module: string; handler: boolean; since: number }[]>();

  constructor(context: RunContext) {
    this.record = { ...context, playbook: '', check: false, startedAt: new Date().toISOString(), durationMs: 0, hosts: {}, finished: false };
  }

  readonly listener = (event: RunEvent): void => {
    switch (event.kind) {
      case 'run-started':
        this.record.playbook = event.playbook;
        this.record.check = event.check;
        this.plan = event.plan;
        break;
      case 'play-started':
        this.play = event.play;
        for (const host of event.hosts) this.host(host);
        break;
      case 'task-started':
        this.running.set(event.host, [...(this.running.get(event.host) ?? []), { play: this.play, task: event.task, module: event.module, handler: event.handler, since: Date.now() }]);
        break;
      case 'task-finished':
        this.running.set(event.host, (this.running.get(event.host) ?? []).filter((t) => t.task !== event.task));
        if (event.item !== undefined) {
          const key = `${event.host}\0${event.task}`;
          this.items.set(key, [...(this.items.get(key) ?? []), {
            label: event.item, status: event.ignored ? 'ignored' : event.result.status, changed: event.result.changed,
            ...(event.result.message !== undefined && { message: event.result.message }), ...(event.result.diff && { diff: event.result.diff }),
          }]);
          break;
        }
        this.host(event.host).finishedAfterMs = Date.now() - this.started;
        this.host(event.host).tasks.push({
          play: this.play, task: event.task, module: event.module, target: event.target, handler: event.handler,
          status: event.ignored ? 'ignored' : event.result.status, changed: event.result.changed, durationMs: event.durationMs,
          message: event.result.message, diff: event.result.diff, sensitive: event.sensitive,
          ...(event.result.exitCode !== undefined ? { rc: event.result.exitCode } : {}),
          ...(event.result.stdout ? { stdout: event.result.stdout } : {}),
          ...(event.result.stderr ? { stderr: event.result.stderr } : {}),
          ...(this.items.has(`${event.host}\0${event.task}`) ? { items: this.items.get(`${event.host}\0${event.task}`) } : {}),
          ...(event.delegate !== undefined && { delegate: event.delegate }),
        });
        this.items.delete(`${event.host}\0${event.task}`);
        break;
      case 'host-unreachable':
        this.host(event.host).unreachable = event.message;
        this.host(event.host).finishedAfterMs = Date.now() - this.started;
        this.host(event.host).tasks.push({ play: this.play, task: event.task, module: '', target: '', handler: false, status: 'unreachable', changed: false, durationMs: 0, message: event.message, sensitive: false });
        break;
      case 'play-stopped':
        this.record.stopped = event.reason;
        break;
      case 'block-rescued': {
        const failed = this.host(event.host).tasks.findLast((t) => t.task === event.task && t.status === 'failed');
        if (failed) failed.rescued = true;
        break;
      }
      case 'run-finished':
        this.ended = true;
        this.record.durationMs = event.durationMs;
        if (event.roundTrips !== undefined) this.record.roundTrips = event.roundTrips;
        this.record.finished = event.stopped === undefined;
        if (event.stopped !== undefined) this.record.stopped = event.stopped;
        for (const host of Object.keys(event.notRun)) this.host(host).notRun = this.notRunOn(host);
        for (const host of Object.keys(this.record.hosts)) this.host(host).handlersNotRun = this.handlersNotRunOn(host);
        for (const [host, counts] of Object.entries(event.recap)) this.host(host).counts = counts;
        for (const [host, reason] of Object.entries(event.rebootRequired)) this.host(host).rebootRequired = reason;
        break;
      default:
        break;
    }
  };

  /**
   * The record of a run that never got to its end (corectl stopped before it began, or was forced
   * out while tasks still ran): where it stopped, each host's counts from its results so far, the
   * tasks still running as failed with their outcome unknown, and what never ran. A run that ended
   * keeps its own record.
   */
  endUnfinished(stopped: string): RunRecord {
    if (this.ended) return this.record;
    this.ended = true;
    this.record.durationMs = Date.now() - this.started;
    this.record.finished = false;
    this.record.stopped = stopped;
    for (const [host, tasks] of this.running) {
      for (const t of tasks) {
        this.host(host).tasks.push({
          play: t.play, task: t.task, module: t.module, target: '', handler: t.handler, status: 'failed', changed: false, durationMs: Date.now() - t.since, sensitive: false,
          message: "still running when corectl was forced to exit: what it did on the host is not known",
        });
      }
    }
    for (const [name, host] of Object.entries(this.record.hosts)) {
      const counts = emptyCounts();
      for (const t of host.tasks) counts[t.status]++;
      host.counts = counts;
      host.notRun = this.notRunOn(name);
      host.handlersNotRun = this.handlersNotRunOn(name);
    }
    return this.record;
  }

  /** The planned tasks of a host without a result, play by play, in order (names may repeat). */
  private notRunOn(host: string): { play: string; task: string }[] {
    const ran = this.host(host).tasks.filter((t) => !t.handler);
    const missing: { play: string; task: string }[] = [];
    for (const play of this.plan.filter((p) => p.hosts.includes(host))) {
      const left = ran.filter((t) => t.play === play.play).map((t) => t.task);
      for (const task of play.tasks) {
        const at = left.indexOf(task);
        if (at >= 0) left.splice(at, 1);
        else missing.push({ play: play.play, task });
      }
    }
    return missing;
  }

  /** Handlers of the host's plays without a result, so a report lists every handler, run or not. */
  private handlersNotRunOn(host: string): { play: string; task: string }[] {
    const ran = new Set(this.host(host).tasks.filter((t) => t.handler).map((t) => `${t.play}\0${t.task}`));
    return this.plan.filter((p) => p.hosts.includes(host)).flatMap((p) => (p.handlers ?? []).filter((task) => !ran.has(`${p.play}\0${task}`)).map((task) => ({ play: p.play, task })));
  }

  private host(name: string): HostRecord {
    this.record.hosts[name] ??= { counts: emptyCounts(), notRun: [], tasks: [] };
    return this.record.hosts[name];
  }
}
