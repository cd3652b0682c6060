// The live view's state, made from executor events by a pure reducer: components only render it.
import { countResult, emptyCounts, type HostCounts, type RunEvent } from '../../executor/events.ts';
import { formatEvent } from '../plain-reporter.ts';

export interface HostRow {
  name: string;
  state: 'waiting' | 'running' | 'done' | 'failed' | 'unreachable';
  task?: string;
  /** Tasks of the current play this host has finished. */
  done: number;
  /** Tasks of the whole run this host has finished (handlers aside). */
  finishedTasks: number;
  counts: HostCounts;
  startedAt?: number;
  finishedAt?: number;
}

export interface ViewState {
  title: string;
  check: boolean;
  play?: string;
  playTasks: number;
  hosts: Record<string, HostRow>;
  tasksDone: number;
  /** Tasks the run will still do or has done: the plan, less what failed and unreachable hosts will never run. */
  tasksTotal: number;
  /** Each host's planned tasks for the whole run, from the run's plan (empty: counted play by play). */
  planned: Record<string, number>;
  /** Lines that are final (failures, changes, diffs): printed once above the live region. */
  log: { id: number; text: string }[];
  showOutput: boolean;
  diff: boolean;
  stopping: boolean;
  finished?: { durationMs: number; connections: number; channels: number };
}

export function initialViewState(options: { diff: boolean }): ViewState {
  return { title: '', check: false, playTasks: 0, hosts: {}, tasksDone: 0, tasksTotal: 0, planned: {}, log: [], showOutput: false, diff: options.diff, stopping: false };
}

/**
 * The next state after an event: a new state object and new rows, but the hosts record and the
 * log are updated in place. Copying them on each event cost a 1,000-host run more CPU than the run
 * itself (tens of thousands of events, each copying a thousand rows or a growing log).
 */
export function reduceView(state: ViewState, event: RunEvent, now = Date.now()): ViewState {
  const host = (name: string): HostRow => state.hosts[name] ?? { name, state: 'waiting', done: 0, finishedTasks: 0, counts: emptyCounts() };
  const withHost = (row: HostRow) => {
    state.hosts[row.name] = row;
    return state.hosts;
  };
  const logged = (text: string | undefined) => {
    if (text) state.log.push({ id: state.log.length, text: foldForTerminal(text) });
    return state.log;
  };
  switch (event.kind) {
    case 'run-started': {
      // The whole run is counted up front, so the bar does not grow play by play.
      const planned: Record<string, number> = {};
      for (const play of event.plan) for (const name of play.hosts) planned[name] = (planned[name] ?? 0) + play.tasks.length;
      const tasksTotal = Object.values(planned).reduce((sum, n) => sum + n, 0);
      return { ...state, title: event.playbook, check: event.check, planned, tasksTotal };
    }
    case 'play-started': {
      const hosts = { ...state.hosts };
      for (const name of event.hosts) hosts[name] = { ...host(name), state: 'waiting', task: undefined, done: 0 };
      const counted = Object.keys(state.planned).length > 0;
      return { ...state, play: event.play, playTasks: event.tasks, hosts, tasksTotal: counted ? state.tasksTotal : state.tasksTotal + event.tasks * event.hosts.length, log: logged(`PLAY ${event.play}`) };
    }
    case 'task-started': {
      const row = host(event.host);
      return { ...state, hosts: withHost({ ...row, state: 'running', task: event.delegate && event.delegate !== event.host ? `${event.task} (on ${event.delegate})` : event.task, startedAt: row.startedAt ?? now }) };
    }
    case 'task-finished': {
      // One item of a loop: its line when it is worth one; the loop's own result counts the task.
      if (event.item !== undefined) {
        const worth = event.result.changed || event.result.failed || (state.showOutput && !!event.result.stdout);
        return worth ? { ...state, log: logged(formatEvent(event, { diff: state.diff, verbose: state.showOutput })) } : state;
      }
      const row = host(event.host);
      const counts = { ...row.counts };
      countResult(counts, event.result, event.ignored);
      const failed = event.result.failed && !event.ignored;
      const done = row.done + (event.handler ? 0 : 1);
      const next: HostRow['state'] = failed ? 'failed' : done >= state.playTasks && row.state === 'running' ? 'done' : row.state;
      const worth = event.result.changed || event.result.failed || !!event.result.announce || (state.showOutput && !!event.result.stdout);
      const finishedTasks = row.finishedTasks + (event.handler ? 0 : 1);
      // A failed host runs nothing more: its remaining tasks come off the total (counted before its row changes).
      const tasksTotal = failed ? withoutRemaining(state, row.name, finishedTasks) : state.tasksTotal;
      return {
        ...state,
        tasksDone: state.tasksDone + (event.handler ? 0 : 1),
        tasksTotal,
        hosts: withHost({ ...row, counts, done, finishedTasks, state: next, task: next === 'done' ? undefined : row.task, finishedAt: next === 'done' || failed ? now : row.finishedAt }),
        log: worth ? logged(formatEvent(event, { diff: state.diff, verbose: state.showOutput })) : state.log,
      };
    }
    case 'host-unreachable': {
      const row = host(event.host);
      const tasksTotal = withoutRemaining(state, row.name, row.finishedTasks);
      return {
        ...state,
        tasksTotal,
        hosts: withHost({ ...row, state: 'unreachable', counts: { ...row.counts, unreachable: 1 }, finishedAt: now }),
        log: logged(formatEvent(event, { diff: false })),
      };
    }
    case 'block-rescued': {
      // The host goes on: it runs again, its failure is taken back, and its tasks count again.
      const row = host(event.host);
      const back = Math.max(0, (state.planned[row.name] ?? 0) - row.finishedTasks);
      const counts = { ...row.counts, failed: Math.max(0, row.counts.failed - 1), rescued: (row.counts.rescued ?? 0) + 1 };
      return {
        ...state,
        tasksTotal: row.state === 'failed' ? state.tasksTotal + back : state.tasksTotal,
        hosts: withHost({ ...row, counts, state: 'running', finishedAt: undefined }),
        log: logged(formatEvent(event, { diff: false })),
      };
    }
    case 'play-stopped':
    case 'controller-finished':
    case 'warning':
      return { ...state, log: logged(formatEvent(event, { diff: false })) };
    case 'run-finished': {
      const hosts = Object.fromEntries(Object.values(state.hosts).map((row) => [row.name, { ...row, counts: event.recap[row.name] ?? row.counts, state: row.state === 'running' || row.state === 'waiting' ? 'done' : row.state, finishedAt: row.finishedAt ?? now }]));
      return { ...state, hosts, finished: { durationMs: event.durationMs, connections: event.connections, channels: event.channels } };
    }
    default:
      return state;
  }
}

/** The total without the planned tasks a host that stopped will never run. */
function withoutRemaining(state: ViewState, host: string, finished: number): number {
  const planned = state.planned[host];
  if (planned === undefined || state.hosts[host]?.state === 'failed' || state.hosts[host]?.state === 'unreachable') return state.tasksTotal;
  return state.tasksTotal - Math.max(0, planned - finished);
}

/** Hosts in the order a person wants to see them: failures first, then the busiest running ones. */
export function rankHosts(rows: HostRow[]): HostRow[] {
  const rank = { failed: 0, unreachable: 1, running: 2, waiting: 3, done: 4 } as const;
  return [...rows].sort((a, b) => rank[a.state] - rank[b.state] || (a.startedAt ?? Infinity) - (b.startedAt ?? Infinity) || a.name.localeCompare(b.name));
}

/** The longest line, and the most lines of one entry, the live view draws (the reports keep all). */
export const LOG_LINE_CHARS = 400;
export const LOG_ENTRY_LINES = 100;

/**
 * A log entry cut to what a terminal shows: ink wraps every line it draws, and a task's output of
 * one 100 KB line took it seconds (a megabyte, minutes) while keys and signals waited. What is cut
 * is counted, so nothing goes unsaid.
 */
export function foldForTerminal(text: string): string {
  let lines = text.split('\n');
  const more = lines.length - LOG_ENTRY_LINES;
  if (more > 0) lines = [...lines.slice(0, LOG_ENTRY_LINES), `… ${more} more line(s); the JSON report has them all`];
  return lines.map((line) => (line.length > LOG_LINE_CHARS ? `${line.slice(0, LOG_LINE_CHARS)}… (${line.length - LOG_LINE_CHARS} more characters)` : line)).join('\n');
}
