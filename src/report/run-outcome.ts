// What an operator reads first when a run ends: which tasks failed, where and why, and in check
// mode how many hosts drifted. Collected from the events; printed just above the recap by the
// plain and the live reporter alike.
import type { RunEvent } from '../executor/events.ts';
import { countOf } from './count-words.ts';
import { visibleText } from './visible-text.ts';

export class RunOutcome {
  private readonly failures: { host: string; task: string; reason: string }[] = [];
  /** Check mode: tasks it could not tell about (they read a result it did not run), per host. */
  private readonly unknown = new Map<string, string[]>();
  private check = false;

  add(event: RunEvent): void {
    if (event.kind === 'run-started') this.check = event.check;
    if (event.kind === 'task-finished' && event.unknown && event.result.message?.startsWith('check mode cannot tell')) {
      this.unknown.set(event.host, [...(this.unknown.get(event.host) ?? []), event.item !== undefined ? `${event.task} (item ${event.item})` : event.task]);
    }
    // A loop's failed items are summed up in the loop's own result, which is listed.
    if (event.kind === 'task-finished' && event.item === undefined && event.result.failed && !event.ignored) {
      this.failures.push({ host: event.host, task: event.task, reason: firstLine(event.result.message ?? event.result.stderr ?? 'failed') });
    }
    // A failure a block's rescue took back is no failure of the run (the recap says rescued).
    if (event.kind === 'block-rescued') {
      const at = this.failures.findLastIndex((f) => f.host === event.host && f.task === event.task);
      if (at >= 0) this.failures.splice(at, 1);
    }
    // A host that cannot be reached is said so once, not once for every play that found it so.
    if (event.kind === 'host-unreachable' && !this.failures.some((f) => f.host === event.host && f.reason.startsWith('unreachable: '))) {
      // corectl's own words (a host key refusal with its fingerprint and what to do): kept whole.
      this.failures.push({ host: event.host, task: event.task, reason: `unreachable: ${firstLine(event.message, 1000)}` });
    }
  }

  /** The lines to print before the recap of `finished`; none for a clean run. */
  summary(finished: Extract<RunEvent, { kind: 'run-finished' }>): string[] {
    const lines: string[] = [];
    if (this.failures.length > 0) {
      const width = Math.max(...this.failures.map((f) => f.host.length));
      lines.push(`FAILED (${this.failures.length})`, ...this.failures.map((f) => visibleText(`  ${f.host.padEnd(width)}  ${f.task}: ${f.reason}`)));
    }
    if (this.check) {
      const hosts = Object.keys(finished.recap);
      // A host that failed or could not be reached was not checked through: it is not "in sync".
      const unchecked = hosts.filter((host) => (finished.recap[host]?.failed ?? 0) > 0 || (finished.recap[host]?.unreachable ?? 0) > 0 || (finished.notRun[host] ?? 0) > 0 || this.unknown.has(host));
      const drifted = hosts.filter((host) => (finished.recap[host]?.changed ?? 0) > 0);
      const why = this.unknown.size > 0 ? 'failed, unreachable, stopped, or a task check mode could not tell' : 'failed, unreachable or stopped';
      const notChecked = unchecked.length > 0 ? `${unchecked.length} not checked through (${why}): ${unchecked.join(', ')}` : '';
      const of = `of ${countOf(hosts.length, 'host')}`;
      if (drifted.length > 0) lines.push(`${drifted.length} ${of} drifted: ${drifted.join(', ')}${notChecked && `; ${notChecked}`}`);
      // With no host checked through there is no finding to report, only that.
      else if (unchecked.length === hosts.length) lines.push(`No host could be checked: ${notChecked}`);
      else if (unchecked.length > 0) lines.push(`No drift found on the ${hosts.length - unchecked.length} ${of} checked; ${notChecked}`);
      else lines.push(`No drift: ${hosts.length} ${of} ${hosts.length === 1 ? 'matches' : 'match'} the playbook`);
      if (this.unknown.size > 0) {
        const tasks = [...this.unknown].map(([host, names]) => `${host}: ${[...new Set(names)].join(', ')}`).join('; ');
        lines.push(`Check mode could not tell (they read results of tasks it does not run; give those checkMode: false): ${tasks}`);
      }
    }
    return lines;
  }
}

/** The first line, cut at a word past `max` characters (a task's stderr can be any length; it is printed in full with its task). */
function firstLine(text: string, max = 200): string {
  const line = text.trim().split('\n')[0] ?? '';
  if (line.length <= max) return line;
  const cut = line.lastIndexOf(' ', max);
  return `${line.slice(0, cut > max / 2 ? cut : max)} …`;
}
