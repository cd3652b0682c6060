// The live view's frames for a scripted event stream, rendered with ink's testing library.
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../src/executor/events.ts';
import { LiveView } from '../../../src/report/ui/LiveView.tsx';
import { initialViewState, LOG_ENTRY_LINES, LOG_LINE_CHARS, reduceView, type ViewState } from '../../../src/report/ui/view-state.ts';

const changed = { status: 'changed', changed: true, failed: false, message: 'content differs', diff: { unified: '--- a\n+++ a\n-old\n+new\n' } } as const;
const failed = { status: 'failed', changed: false, failed: true, message: 'exit code 1' } as const;
const finished = (host: string, task: string, result: object): RunEvent => ({ kind: 'task-finished', host, task, module: 'file', target: '/etc/x', handler: false, result: result as never, ignored: false, sensitive: false, durationMs: 5 });

function play(events: RunEvent[], diff = true): ViewState {
  return events.reduce((state, event) => reduceView(state, event, 1000), initialViewState({ diff }));
}

describe('live view', () => {
  const start: RunEvent[] = [
    { kind: 'run-started', playbook: 'site.ts', check: true, diff: true, plan: [] },
    { kind: 'play-started', play: 'Base system', hosts: ['ns1', 'ns2', 'ns3'], tasks: 2 },
    { kind: 'task-started', host: 'ns1', task: 'chrony.conf', module: 'file', handler: false },
    { kind: 'task-started', host: 'ns2', task: 'chrony.conf', module: 'file', handler: false },
  ];

  it('shows the play, a progress bar and a row per host with its current task', () => {
    const { lastFrame } = render(<LiveView state={play(start)} now={2500} />);
    const frame = lastFrame()!;
    expect(frame).toContain('[check] site.ts › Base system');
    expect(frame).toContain('0/6 tasks');
    expect(frame).toMatch(/ns1\s+ok 0 changed 0 failed 0\s+1\.5s\s+chrony\.conf/);
    expect(frame).toMatch(/· ns3/);
  });

  it('names the delegate of a delegated task, on the host row and in the log', () => {
    const state = play([...start.slice(0, 2), { kind: 'task-started', host: 'ns1', task: 'dns record', module: 'file', handler: false, delegate: 'dns1' },
      { ...finished('ns2', 'dns record', changed), delegate: 'dns1' } as RunEvent]);
    const frame = render(<LiveView state={state} now={2500} />).lastFrame()!;
    expect(frame).toMatch(/ns1\s+ok 0 changed 0 failed 0\s+1\.5s\s+dns record \(on dns1\)/);
    expect(frame).toMatch(/changed\s+ns2 -> dns1\s+dns record/);
  });

  it('prints changes with their diff and failures as they happen, failed hosts first', () => {
    const state = play([...start, finished('ns1', 'chrony.conf', changed), finished('ns2', 'chrony.conf', failed)]);
    const { lastFrame } = render(<LiveView state={state} now={2500} />);
    const frame = lastFrame()!;
    expect(frame).toMatch(/changed\s+ns1\s+chrony\.conf \(file \/etc\/x\): content differs/);
    expect(frame).toContain('+new');
    expect(frame).toMatch(/failed\s+ns2\s+chrony\.conf \(file \/etc\/x\): exit code 1/);
    expect(frame).toContain('2/6 tasks');
    const rows = frame.split('\n').filter((line) => /^\S ns\d/.test(line));
    expect(rows[0]).toMatch(/✘ ns2/);
  });

  it('stays readable with hundreds of hosts: a summary line instead of every row', () => {
    const hosts = Array.from({ length: 300 }, (_, i) => `host${String(i).padStart(3, '0')}`);
    const events: RunEvent[] = [
      { kind: 'run-started', playbook: 'site.ts', check: false, diff: false, plan: [] },
      { kind: 'play-started', play: 'p', hosts, tasks: 1 },
      ...hosts.slice(0, 40).map((host): RunEvent => ({ kind: 'task-started', host, task: 't', module: 'file', handler: false })),
      finished('host007', 't', failed),
    ];
    const { lastFrame } = render(<LiveView state={play(events, false)} maxRows={10} now={2000} />);
    const frame = lastFrame()!;
    expect(frame.split('\n').filter((line) => /host\d{3}\s+ok/.test(line))).toHaveLength(10);
    expect(frame).toMatch(/✘ host007/);
    expect(frame).toContain('… and 290 more hosts: 30 running, 260 waiting, 0 done');
  });

  it('hides the live region when the run finished', () => {
    const state = play([...start, { kind: 'run-finished', recap: {}, durationMs: 10, connections: 3, channels: 9, rebootRequired: {}, notRun: {} }]);
    const { lastFrame } = render(<LiveView state={state} />);
    expect(lastFrame()).not.toContain('tasks');
  });

  const twenty = Array.from({ length: 20 }, (_, i) => `node${String(i).padStart(2, '0')}.example.net`);
  const planned: RunEvent[] = [
    { kind: 'run-started', playbook: 'site.ts', check: false, diff: false, plan: [{ play: 'one', hosts: twenty, tasks: ['a', 'b'] }, { play: 'two', hosts: twenty.slice(0, 10), tasks: ['c'] }] },
    { kind: 'play-started', play: 'one', hosts: twenty, tasks: 2 },
    ...twenty.map((host): RunEvent => ({ kind: 'task-started', host, task: `a task with a long name that goes on and on for ${host}`, module: 'file', handler: false })),
  ];

  it.each([[24, 16], [15, 10]])('fits a terminal %i lines high: the live region takes at most %i, each line one row', (height, live) => {
    const state = play([...planned, finished('node19.example.net', 'a', failed)]);
    const frame = render(<LiveView state={state} height={height} now={2000} />).lastFrame()!;
    const lines = frame.split('\n');
    const region = lines.slice(lines.findIndex((line) => line.includes('[') || line.includes('site.ts')) - 1);
    expect(region.length).toBeLessThanOrEqual(live);
    // Cut, not wrapped: ink-testing-library's terminal is 100 columns wide.
    expect(lines.every((line) => line.replace(/\x1b\[[0-9;]*m/g, '').length <= 100)).toBe(true);
    expect(frame).toContain('site.ts › one');
    expect(frame).toMatch(/✘ node19/);
  });

  it('names failed hosts in the summary when no row is left for them', () => {
    const state = play([...planned, finished('node19.example.net', 'a', failed)]);
    const frame = render(<LiveView state={state} maxRows={0} now={2000} />).lastFrame()!;
    expect(frame).toMatch(/20 hosts: ✘ node19\.example\.net; 19 running, 0 waiting, 0 done/);
  });

  it('counts the whole run up front and takes off what failed and unreachable hosts will never run', () => {
    let state = play(planned);
    expect(state.tasksTotal).toBe(20 * 2 + 10);
    state = reduceView(state, finished('node00.example.net', 'a', failed), 0);
    expect(state.tasksTotal).toBe(50 - 2); // node00 finished one task (the failed one) of its three
    state = reduceView(state, { kind: 'host-unreachable', host: 'node15.example.net', task: 'a', message: 'timed out' }, 0);
    expect(state.tasksTotal).toBe(48 - 2);
    expect(state.tasksDone).toBe(1);
  });

  it('prints each line above once as the run goes on, though the log grows in place', () => {
    let state = play(start);
    const { rerender, lastFrame } = render(<LiveView state={state} now={2500} />);
    state = reduceView(state, finished('ns1', 'chrony.conf', changed), 0);
    rerender(<LiveView state={state} now={2600} />);
    state = reduceView(state, finished('ns2', 'chrony.conf', failed), 0);
    rerender(<LiveView state={state} now={2700} />);
    const printed = lastFrame()!; // the testing library's frame holds every line printed above
    expect(printed.match(/changed\s+ns1\s+chrony\.conf/g)).toHaveLength(1);
    expect(printed.match(/failed\s+ns2\s+chrony\.conf/g)).toHaveLength(1);
  });

  it('cuts a long output line and a long output before they reach the renderer, and says how much', () => {
    const huge = { status: 'changed', changed: true, failed: false, message: 'ran', stdout: `${'x'.repeat(1024 * 1024)}\n${'line\n'.repeat(500)}` } as const;
    const verbose = { ...play(start), showOutput: true };
    const state = reduceView(verbose, finished('ns1', 'big output', huge), 1000);
    const entry = state.log.at(-1)!.text;
    expect(entry.length).toBeLessThan(LOG_ENTRY_LINES * (LOG_LINE_CHARS + 40));
    expect(entry).toMatch(/… \(\d+ more characters\)/);
    expect(entry).toMatch(/… \d+ more line\(s\); the JSON report has them all$/);
    const { lastFrame } = render(<LiveView state={state} now={2500} />);
    expect(lastFrame()).toContain('more characters');
  });

  it('says it is starting, not "0/0 tasks", before the run is planned', () => {
    const frame = render(<LiveView state={initialViewState({ diff: false })} now={0} />).lastFrame()!;
    expect(frame).toContain('starting: connecting, gathering facts, checking the playbook…');
    expect(frame).not.toContain('0/0 tasks');
  });
});
