// The JUnit report (`--report junit=PATH`): one testsuite per host, one testcase per task, so CI
// systems show failures and drift natively. In check mode a task that would change something is a
// failure of type "drift" carrying its diff; a failed task is a failure; an unreachable host an error.
// A testcase is named by play and task, its class by host: names that stay the same from run to run
// whatever values change, so a CI system can follow one task's history. Every handler of the host's
// plays is listed, skipped when it did not run. Task output goes in <system-out>/<system-err>.
import { formatDiff } from './plain-reporter.ts';
import { visibleText } from './visible-text.ts';
import type { HostRecord, RunRecord, TaskRecord } from './run-record.ts';

export function junitReport(record: RunRecord): string {
  const totals = { tests: 0, failure: 0, error: 0, skipped: 0 };
  const suites = Object.entries(record.hosts).map(([host, data]) => {
    const cases = [
      ...data.tasks.map((task) => testCase(host, task, record.check)),
      ...data.notRun.map((task) => notRunCase(host, task, data, record)),
      ...(data.handlersNotRun ?? []).map((handler) => handlerNotRunCase(host, handler)),
    ];
    const count = (kind: 'failure' | 'error' | 'skipped') => {
      const n = cases.filter((c) => c.kind === kind).length;
      totals[kind] += n;
      return n;
    };
    totals.tests += cases.length;
    const time = (data.tasks.reduce((sum, t) => sum + t.durationMs, 0) / 1000).toFixed(3);
    return `  <testsuite name="${xml(host)}" hostname="${xml(host)}" timestamp="${record.startedAt.replace(/\.\d+Z$/, '')}" tests="${cases.length}" failures="${count('failure')}" errors="${count('error')}" skipped="${count('skipped')}" time="${time}">\n${cases.map((c) => c.xml).join('')}  </testsuite>\n`;
  });
  const time = (record.durationMs / 1000).toFixed(3);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xml(record.playbook)}" tests="${totals.tests}" failures="${totals.failure}" errors="${totals.error}" skipped="${totals.skipped}" time="${time}">\n${suites.join('')}</testsuites>\n`;
}

function testCase(host: string, task: TaskRecord, check: boolean): { kind: string; xml: string } {
  const name = `${task.play}: ${task.handler ? 'handler: ' : ''}${task.task}`;
  const open = `    <testcase classname="${xml(host)}" name="${xml(name)}" time="${(task.durationMs / 1000).toFixed(3)}"`;
  const output = `${task.stdout ? `\n      <system-out>${xml(task.stdout)}</system-out>` : ''}${task.stderr ? `\n      <system-err>${xml(task.stderr)}</system-err>` : ''}`;
  const body = (inner: string) => `${open}>\n      ${inner}${output}\n    </testcase>\n`;
  const details = [task.message, task.diff ? formatDiff(task.diff) : undefined].filter(Boolean).join('\n');
  if (task.status === 'unreachable') return { kind: 'error', xml: body(`<error type="unreachable" message="${xml(task.message ?? '')}"/>`) };
  if (task.status === 'failed' && task.rescued) return { kind: 'skipped', xml: body(`<skipped message="${xml(`rescued failure: ${task.message ?? ''}`)}"/>`) };
  if (task.status === 'failed') return { kind: 'failure', xml: body(`<failure type="failed" message="${xml(task.message ?? 'failed')}">${xml(details)}</failure>`) };
  // A failure the playbook said to ignore is still visible, and never passes for a success.
  if (task.status === 'ignored') return { kind: 'skipped', xml: body(`<skipped message="${xml(`ignored failure: ${task.message ?? ''}`)}"/>`) };
  if (check && task.changed) return { kind: 'failure', xml: body(`<failure type="drift" message="${xml(`would change: ${task.message ?? ''}`.trim())}">${xml(details)}</failure>`) };
  if (task.status === 'skipped') return { kind: 'skipped', xml: body(`<skipped message="${xml(task.message ?? '')}"/>`) };
  return { kind: 'passed', xml: output ? `${open}>${output}\n    </testcase>\n` : `${open}/>\n` };
}

function handlerNotRunCase(host: string, handler: { play: string; task: string }): { kind: string; xml: string } {
  return { kind: 'skipped', xml: `    <testcase classname="${xml(host)}" name="${xml(`${handler.play}: handler: ${handler.task}`)}" time="0.000">\n      <skipped message="not run: not notified"/>\n    </testcase>\n` };
}

/**
 * A planned task that never ran. When the run was stopped it is an error, so CI never shows an
 * interrupted run as green; after the host itself failed or went away, it is skipped with why.
 */
function notRunCase(host: string, task: { play: string; task: string }, data: HostRecord, record: RunRecord): { kind: string; xml: string } {
  const open = `    <testcase classname="${xml(host)}" name="${xml(`${task.play}: ${task.task}`)}" time="0.000">\n`;
  if (record.stopped !== undefined) {
    return { kind: 'error', xml: `${open}      <error type="not-run" message="${xml(`never ran: ${record.stopped}`)}"/>\n    </testcase>\n` };
  }
  const why = data.unreachable ? 'the host became unreachable' : 'the host failed an earlier task';
  return { kind: 'skipped', xml: `${open}      <skipped message="${xml(`never ran: ${why}`)}"/>\n    </testcase>\n` };
}

/** Escapes text for XML; control characters (which XML 1.0 cannot hold anyway) are shown as escapes. */
function xml(text: string): string {
  return visibleText(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}
