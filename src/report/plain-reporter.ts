// The plain line reporter: one line per event, no escape codes; for CI, logs, and no TTY.
// Diffs are printed under their task when --diff is on; sensitive ones arrive already redacted.
import type { HostCounts, RunEvent } from '../executor/events.ts';
import { RunOutcome } from './run-outcome.ts';
import { visibleText } from './visible-text.ts';

export function plainReporter(write: (text: string) => void, options: { diff: boolean; verbose?: boolean }) {
  let hostWidth = 0;
  const outcome = new RunOutcome();
  return (event: RunEvent): void => {
    outcome.add(event);
    // Host names are padded to the longest in the play, so task names line up.
    if (event.kind === 'play-started') hostWidth = Math.max(0, ...event.hosts.map((h) => h.length));
    if (event.kind === 'run-finished') {
      const summary = outcome.summary(event);
      if (summary.length > 0) write(`\n${summary.join('\n')}\n`);
    }
    const line = formatEvent(event, { ...options, hostWidth });
    if (line) write(`${line}\n`);
  };
}

const STATUS_WIDTH = 8;

/** One event as text, host-provided parts shown with their control characters visible. */
export function formatEvent(event: RunEvent, options: { diff: boolean; verbose?: boolean; hostWidth?: number }): string | undefined {
  const text = eventText(event, options);
  return text === undefined ? undefined : visibleText(text);
}

function eventText(event: RunEvent, options: { diff: boolean; verbose?: boolean; hostWidth?: number }): string | undefined {
  const host = (name: string) => name.padEnd(options.hostWidth ?? 0);
  switch (event.kind) {
    case 'run-started':
      return `corectl: ${event.playbook}${event.check ? ' (check mode: nothing will be changed)' : ''}`;
    case 'play-started':
      return `\nPLAY ${event.play} [${event.hosts.length} host${event.hosts.length === 1 ? '' : 's'}]`;
    case 'batch-started':
      return `BATCH ${event.index}/${event.of}: ${event.hosts.join(', ')}`;
    case 'task-started':
      return undefined;
    case 'task-retry':
      return `${'retry'.padEnd(STATUS_WIDTH)} ${host(event.host)}  ${event.task} (attempt ${event.attempt}/${event.of})${event.message ? `: ${event.message}` : ''}`;
    case 'task-finished': {
      const status = event.ignored ? 'ignored' : event.result.status;
      const target = event.target ? ` (${event.module} ${event.target})` : ` (${event.module})`;
      const prefix = event.handler ? 'handler: ' : '';
      const item = event.item !== undefined ? ` (item ${event.item})` : '';
      const message = event.result.message && (event.result.failed || event.result.changed || event.result.skipped || event.result.announce) ? `: ${event.result.message}` : '';
      // A task delegated to another host names both, as Ansible's `host -> delegate`.
      const who = event.delegate && event.delegate !== event.host ? host(`${event.host} -> ${event.delegate}`) : host(event.host);
      const lines = [`${status.padEnd(STATUS_WIDTH)} ${who}  ${prefix}${event.task}${item}${target}${message}`];
      // stderr under the line, unless it is one line the message already says.
      const stderr = event.result.stderr?.trim() ?? '';
      if (event.result.failed && stderr && !event.sensitive && !(message.includes(stderr) && !stderr.includes('\n'))) lines.push(indent(event.result.stderr!.trimEnd()));
      if (options.verbose && event.result.stdout && !event.sensitive) lines.push(indent(event.result.stdout.trimEnd()));
      if (options.diff && event.result.diff && (event.result.changed || event.result.failed)) lines.push(indent(formatDiff(event.result.diff)));
      return lines.join('\n');
    }
    case 'controller-finished':
      return `${event.result.status.padEnd(STATUS_WIDTH)} controller  ${event.task}${event.result.message ? `: ${event.result.message}` : ''}`;
    case 'host-unreachable':
      return `${'unreach'.padEnd(STATUS_WIDTH)} ${host(event.host)}  ${event.task}: ${event.message}`;
    case 'block-rescued':
      return `${'rescued'.padEnd(STATUS_WIDTH)} ${host(event.host)}  ${event.block}: the failure of "${event.task}" was rescued`;
    case 'play-stopped':
      return `STOPPED play ${event.play}: ${event.reason}`;
    case 'warning':
      return `warning: ${event.message}`;
    case 'run-finished': {
      const names = Object.keys(event.recap);
      const width = Math.max(4, ...names.map((n) => n.length));
      const rows = names.map((name) => recapRow(name.padEnd(width), event.recap[name]!, event.notRun[name] ?? 0));
      const reboots = Object.entries(event.rebootRequired).map(([name, reason]) => `reboot required: ${name} (${reason})`);
      return `${stoppedHeadline(event)}\nRECAP (${(event.durationMs / 1000).toFixed(1)}s, ${event.connections} connections, ${event.channels} channels${event.roundTrips !== undefined ? `, ${event.roundTrips} round trips` : ''})\n${[...rows, ...reboots].join('\n')}`;
    }
  }
}

/** An incomplete run says so above its recap, in words no one can read as a normal end. */
function stoppedHeadline(event: Extract<RunEvent, { kind: 'run-finished' }>): string {
  if (event.stopped === undefined) return '';
  const counts = Object.values(event.notRun);
  const total = counts.reduce((sum, n) => sum + n, 0);
  const left = total > 0 ? `; ${total} planned task${total === 1 ? '' : 's'} on ${counts.length} host${counts.length === 1 ? '' : 's'} never ran` : '';
  return `\nRUN INCOMPLETE: ${event.stopped}${left}`;
}

/** One host's line of the recap. */
export function recapRow(host: string, c: HostCounts, notRun: number): string {
  return `${host}  ok=${c.ok} changed=${c.changed} failed=${c.failed} skipped=${c.skipped} unreachable=${c.unreachable} ignored=${c.ignored}${c.rescued ? ` rescued=${c.rescued}` : ''}${notRun ? ` not-run=${notRun}` : ''}`;
}

export function formatDiff(diff: { unified?: string; before?: string; after?: string }): string {
  if (diff.unified) return visibleText(diff.unified.trimEnd());
  return visibleText([diff.before !== undefined ? `- ${diff.before}` : undefined, diff.after !== undefined ? `+ ${diff.after}` : undefined].filter(Boolean).join('\n'));
}

function indent(text: string): string {
  return text.split('\n').map((line) => `    ${line}`).join('\n');
}
