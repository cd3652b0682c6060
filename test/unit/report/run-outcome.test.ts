// The end of a run, as an operator reads it: failed tasks with host and reason, then in check
// mode one line saying how many hosts drifted, then the recap.
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../src/executor/events.ts';
import { plainReporter } from '../../../src/report/plain-reporter.ts';

const counts = (changed: number, failed = 0) => ({ ok: 1, changed, failed, skipped: 0, ignored: 0, unreachable: 0 });
const result = (status: string, message: string) => ({ status, changed: status === 'changed', failed: status === 'failed', message }) as never;
const task = (host: string, name: string, status: string, message: string, ignored = false): RunEvent => ({ kind: 'task-finished', host, task: name, module: 'file', target: '/x', handler: false, result: result(status, message), ignored, sensitive: false, durationMs: 1 });

function output(check: boolean, events: RunEvent[], recap: Record<string, ReturnType<typeof counts>>): string {
  let text = '';
  const report = plainReporter((t) => (text += t), { diff: false });
  const all: RunEvent[] = [
    { kind: 'run-started', playbook: 'site.ts', check, diff: false, plan: [] },
    { kind: 'play-started', play: 'p', hosts: Object.keys(recap), tasks: 2 },
    ...events,
    { kind: 'run-finished', recap, durationMs: 1000, connections: 3, channels: 6, rebootRequired: {}, notRun: {} },
  ];
  all.forEach(report);
  return text;
}

describe('the end of a run', () => {
  it('lists failed tasks with host and reason above the recap; ignored failures are not among them', () => {
    const text = output(false, [
      task('ns1', 'chrony.conf', 'failed', 'exit code 1\nmore detail'),
      task('web1', 'nginx', 'failed', 'not allowed', true),
      { kind: 'host-unreachable', host: 'db1', task: 'gather facts', message: 'connect ETIMEDOUT' },
    ], { ns1: counts(0, 1), web1: counts(0), db1: counts(0) });
    const end = text.slice(text.indexOf('FAILED (2)'));
    expect(end).toMatch(/^FAILED \(2\)\n {2}ns1 {2}chrony\.conf: exit code 1\n {2}db1 {2}gather facts: unreachable: connect ETIMEDOUT\n\nRECAP/);
    expect(end).not.toContain('nginx');
    expect(text).not.toContain('drifted');
  });

  it('says in check mode how many hosts drifted, and which, or that none did', () => {
    const drifted = output(true, [task('ns1', 'chrony.conf', 'changed', 'content differs'), task('web1', 'motd', 'changed', 'missing')], { ns1: counts(1), ns2: counts(0), web1: counts(1) });
    expect(drifted).toMatch(/\n2 of 3 hosts drifted: ns1, web1\n\nRECAP/);
    expect(output(true, [], { ns1: counts(0), ns2: counts(0) })).toMatch(/\nNo drift: 2 of 2 hosts match the playbook\n\nRECAP/);
  });

  it('counts one host as one host, and says when no host could be checked at all', () => {
    expect(output(true, [task('web1', 'motd', 'changed', 'missing')], { web1: counts(1) })).toMatch(/\n1 of 1 host drifted: web1\n\nRECAP/);
    expect(output(true, [], { web1: counts(0) })).toMatch(/\nNo drift: 1 of 1 host matches the playbook\n\nRECAP/);
    const unreachable = output(true, [{ kind: 'host-unreachable', host: 'db1', task: 'gather facts', message: 'connect ETIMEDOUT' }], { db1: { ...counts(0), ok: 0, unreachable: 1 } });
    expect(unreachable).toMatch(/\nNo host could be checked: 1 not checked through \(failed, unreachable or stopped\): db1\n\nRECAP/);
    expect(unreachable).not.toContain('No drift');
  });

  it('lists an unreachable host once, however many plays found it so', () => {
    const unreachable = (task: string): RunEvent => ({ kind: 'host-unreachable', host: 'db1', task, message: 'connect ETIMEDOUT' });
    const text = output(false, [unreachable('gather facts'), { kind: 'play-started', play: 'q', hosts: ['db1'], tasks: 1 }, unreachable('gather facts')], { db1: { ...counts(0), ok: 0, unreachable: 1 } });
    expect(text.match(/unreachable: connect ETIMEDOUT/g)).toHaveLength(1);
    expect(text).toContain('FAILED (1)');
  });

  it("keeps a host key refusal whole (what to check and do is at its end), and cuts a long stderr at a word", () => {
    const refusal = 'web1 (192.0.2.7) is not in known_hosts (/home/ops/.ssh/known_hosts); it presented ssh-ed25519 key SHA256:dbuj5Dmad1/T4IYu9vMCZrp0ZVVJgfnLeRYN8O8OSOI. Check the fingerprint with the host\'s owner, then add it, or set hostKeyCheck: accept-new to record it on first use.';
    const stderr = `${'word '.repeat(60)}end`;
    const text = output(false, [
      { kind: 'host-unreachable', host: 'web1', task: 'gather facts', message: refusal },
      task('ns1', 'chrony.conf', 'failed', stderr),
    ], { web1: { ...counts(0), ok: 0, unreachable: 1 }, ns1: counts(0, 1) });
    expect(text).toContain(`web1  gather facts: unreachable: ${refusal}\n`);
    const summaryLine = text.split('\n').find((line) => line.startsWith('  ns1'))!;
    expect(summaryLine).toMatch(/: (word ){39}word …$/);
  });

  it("prints a failed task's stderr under it unless the message already says it (one line)", () => {
    const failed = (stderr: string) => ({ ...(task('ns1', 'boom', 'failed', 'bad thing; changed before failing: yes') as Extract<RunEvent, { kind: 'task-finished' }>), result: { ...(result('failed', 'bad thing; changed before failing: yes') as object), stderr } as never });
    const once = output(false, [failed('bad thing\n')], { ns1: counts(0, 1) });
    expect(once.match(/bad thing/g)).toHaveLength(2); // the task's line and the FAILED summary
    const more = output(false, [failed('bad thing\nand the rest\n')], { ns1: counts(0, 1) });
    expect(more).toContain('    bad thing\n    and the rest\n');
  });
});

