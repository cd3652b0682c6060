// The reports as CI tools and scripts read them: the JSON report validates against the published
// JSON Schema (kept the same as the zod schema it is made from) and carries what Ansible's json
// callback gives per task; the JUnit report has totals, timestamps, host names, stable test names,
// every handler, and task output, and is well-formed XML.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { RunEvent } from '../../../src/executor/events.ts';
import { jsonReport } from '../../../src/report/json-report.ts';
import { junitReport } from '../../../src/report/junit-report.ts';
import { jsonReportJsonSchema, jsonReportSchema } from '../../../src/report/report-schema.ts';
import { RunRecorder } from '../../../src/report/run-record.ts';
import { parseReport } from '../../../src/report/run-history.ts';

const result = (status: string, extra: object = {}) => ({ status, changed: status === 'changed', failed: status === 'failed', ...extra }) as never;
const task = (host: string, name: string, status: string, extra: object = {}, handler = false): RunEvent => ({ kind: 'task-finished', host, task: name, module: 'shell', target: `echo ${Math.random()}`, handler, result: result(status, extra), ignored: false, sensitive: false, durationMs: 12 });

function recorded(): RunRecorder {
  const recorder = new RunRecorder({ corectl: '0.1.0', inventory: ['inventory'], limit: 'web', tags: ['config'] });
  const events: RunEvent[] = [
    { kind: 'run-started', playbook: 'site.ts', check: false, diff: false, plan: [{ play: 'web', hosts: ['web1', 'web2'], tasks: ['config', 'probe'], handlers: ['restart nginx', 'reload firewall'] }] },
    { kind: 'play-started', play: 'web', hosts: ['web1', 'web2'], tasks: 2 },
    task('web1', 'config', 'changed', { diff: { unified: '--- a\n+++ b\n-x\n+y\n' } }),
    task('web1', 'probe', 'ok', { stdout: 'healthy <ok> & fine\n', exitCode: 0 }),
    task('web1', 'restart nginx', 'changed', { stdout: 'restarted\n', stderr: 'warning: slow\n', exitCode: 0 }, true),
    task('web2', 'config', 'failed', { message: 'exit code 3', stderr: 'no space\n', exitCode: 3 }),
    { kind: 'run-finished', recap: { web1: { ok: 1, changed: 2, failed: 0, skipped: 0, unreachable: 0, ignored: 0 }, web2: { ok: 0, changed: 0, failed: 1, skipped: 0, unreachable: 0, ignored: 0 } }, durationMs: 1500, connections: 2, channels: 5, rebootRequired: {}, notRun: { web2: 1 } },
  ];
  events.forEach(recorder.listener);
  return recorder;
}

describe('reports', () => {
  it('publishes the JSON Schema made from the zod schema (run `npm run schemas` after changing it)', () => {
    expect(JSON.parse(readFileSync('schemas/corectl.report.v1.json', 'utf8'))).toEqual(jsonReportJsonSchema());
  });

  it('JSON: validates against the schema, with version, inventory, limit, tags, and rc/stdout/stderr per task', () => {
    const report = JSON.parse(jsonReport(recorded().record, 2)) as Record<string, unknown>;
    expect(jsonReportSchema.safeParse(report).error).toBeUndefined();
    expect(report).toMatchObject({ corectl: '0.1.0', inventory: ['inventory'], limit: 'web', tags: ['config'], exitCode: 2 });
    const web2 = (report.hosts as Record<string, { tasks: object[]; notRun: object[]; handlersNotRun: object[] }>).web2!;
    expect(web2.tasks[0]).toMatchObject({ task: 'config', status: 'failed', rc: 3, stderr: 'no space\n' });
    expect(web2.notRun).toEqual([{ play: 'web', task: 'probe' }]);
    expect(web2.handlersNotRun).toEqual([{ play: 'web', task: 'restart nginx' }, { play: 'web', task: 'reload firewall' }]);
    // A report that does not follow the schema is told apart.
    expect(jsonReportSchema.safeParse({ ...report, hosts: { web1: { tasks: [{ task: 1 }] } } }).success).toBe(false);
  });

  it("JSON: each host's finishedAfterMs is when its last result came, from the run's start", () => {
    vi.useFakeTimers({ now: new Date('2026-12-01T03:00:00Z') });
    try {
      const recorder = new RunRecorder({ corectl: '0.1.0', inventory: ['inventory'] });
      recorder.listener({ kind: 'run-started', playbook: 'site.ts', check: false, diff: false, plan: [{ play: 'web', hosts: ['web1', 'web2'], tasks: ['config'], handlers: [] }] });
      recorder.listener({ kind: 'play-started', play: 'web', hosts: ['web1', 'web2'], tasks: 1 });
      vi.advanceTimersByTime(300);
      recorder.listener(task('web1', 'config', 'ok'));
      vi.advanceTimersByTime(1200);
      recorder.listener({ kind: 'host-unreachable', host: 'web2', task: 'config', message: 'connection refused' });
      expect(recorder.record.hosts.web1!.finishedAfterMs).toBe(300);
      expect(recorder.record.hosts.web2!.finishedAfterMs).toBe(1500);
    } finally {
      vi.useRealTimers();
    }
  });

  it('JUnit: totals, timestamp and hostname, stable names, every handler, output, well-formed', () => {
    const xml = junitReport(recorded().record);
    const file = join(mkdtempSync(join(tmpdir(), 'corectl-junit-')), 'r.xml');
    writeFileSync(file, xml);
    execFileSync('xmllint', ['--noout', file]);
    const xpath = (expression: string) => execFileSync('xmllint', ['--xpath', expression, file], { encoding: 'utf8' }).trim();
    expect(xpath('string(/testsuites/@tests)')).toBe(xpath('count(//testcase)'));
    expect(xpath('string(/testsuites/@failures)')).toBe('1');
    expect(xpath('string(//testsuite[@name="web1"]/@hostname)')).toBe('web1');
    expect(xpath('string(//testsuite[@name="web1"]/@timestamp)')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    // Named by play and task: the module's arguments (here a random echo) are not part of it.
    expect(xpath('string(//testsuite[@name="web1"]/testcase[1]/@name)')).toBe('web: config');
    expect(xpath('string(//testsuite[@name="web1"]/testcase[@name="web: probe"]/system-out)')).toBe('healthy <ok> & fine');
    expect(xpath('string(//testsuite[@name="web1"]/testcase[@name="web: handler: restart nginx"]/system-err)')).toBe('warning: slow');
    expect(xpath('string(//testsuite[@name="web1"]/testcase[@name="web: handler: reload firewall"]/skipped/@message)')).toBe('not run: not notified');
    expect(xpath('count(//testsuite[@name="web2"]/testcase[starts-with(@name, "web: handler: ")])')).toBe('2');
  });
});

describe('v1 may add fields', () => {
  it('a report with fields this version does not know is read, and the published schema allows them', () => {
    const recorder = new RunRecorder({ corectl: '0.2.0', inventory: ['inventory'] });
    const report = JSON.parse(jsonReport(recorder.record, 0)) as Record<string, unknown>;
    const later = { ...report, playbook: 'site.ts', addedLater: { any: 'thing' }, hosts: {} };
    expect(typeof parseReport(later)).toBe('object');
    const published = JSON.stringify(jsonReportJsonSchema());
    expect(published).not.toContain('"additionalProperties":false');
  });
});
