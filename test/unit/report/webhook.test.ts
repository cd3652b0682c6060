// --notify-webhook: every run that did not end cleanly is posted (drift, failed tasks, unreachable
// hosts, a stop), with a `text` line chat services display; a clean run posts nothing.
import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../src/report/run-record.ts';
import { notifyWebhook } from '../../../src/report/write-reports.ts';
import { webhookReceiver } from '../../webhook-receiver.ts';

const counts = (failed = 0) => ({ ok: 1, changed: 0, failed, skipped: 0, unreachable: 0, ignored: 0 });
const record = (patch: Partial<RunRecord>): RunRecord => ({
  corectl: '0.1.0', inventory: ['inventory'], playbook: 'site.ts', check: false, startedAt: '2026-11-30T02:30:00.000Z', durationMs: 10, finished: true, hosts: {}, ...patch,
});

async function posted(run: RunRecord, exitCode: number, runId?: string): Promise<unknown[]> {
  const { url, received, close } = await webhookReceiver();
  const warnings: string[] = [];
  try {
    await notifyWebhook(url, run, exitCode, (w) => warnings.push(w), runId);
  } finally {
    close();
  }
  expect(warnings).toEqual([]);
  return received;
}

describe('the webhook', () => {
  it('posts a failed run, with a text line', async () => {
    const failed = record({ hosts: { web1: { counts: counts(1), notRun: [], tasks: [] }, web2: { counts: counts(), notRun: [], tasks: [] } } });
    expect(await posted(failed, 2)).toEqual([expect.objectContaining({ schema: 'corectl.drift/v1', exitCode: 2, failed: ['web1'], text: 'corectl run site.ts: tasks failed on web1 (exit 2)' })]);
  });

  it('posts drift and unreachable hosts of a check, and a stopped run', async () => {
    const drift = record({ check: true, hosts: {
      web1: { counts: counts(), notRun: [], tasks: [{ play: 'p', task: 'motd', module: 'file', target: '/etc/motd', handler: false, status: 'changed', changed: true, durationMs: 1, sensitive: false }] },
      db1: { counts: counts(), notRun: [], unreachable: 'timed out', tasks: [] },
    } });
    expect(await posted(drift, 3)).toEqual([expect.objectContaining({ text: 'corectl check site.ts: 1 of 2 hosts drifted (web1: motd); unreachable: db1 (exit 3)', drifted: { web1: ['motd'] } })]);
    expect(await posted(record({ stopped: 'interrupted by SIGTERM at 02:31', finished: false }), 143)).toEqual([expect.objectContaining({ text: 'corectl run site.ts: run incomplete: interrupted by SIGTERM at 02:31 (exit 143)' })]);
  });

  it('posts nothing for a clean run', async () => {
    expect(await posted(record({ hosts: { web1: { counts: counts(), notRun: [], tasks: [] } } }), 0)).toEqual([]);
  });

  it('names the kept run, and at most three tasks a host', async () => {
    const task = (name: string) => ({ play: 'p', task: name, module: 'file', target: '/x', handler: false, status: 'changed' as const, changed: true, durationMs: 1, sensitive: false });
    const drift = record({ check: true, hosts: { web1: { counts: counts(), notRun: [], tasks: ['a', 'b', 'c', 'd', 'e'].map(task) } } });
    expect(await posted(drift, 5, '20261130-023000-check')).toEqual([expect.objectContaining({
      runId: '20261130-023000-check',
      text: 'corectl check site.ts: 1 of 1 host drifted (web1: a, b, c and 2 more) (exit 5, run 20261130-023000-check)',
    })]);
  });

  it('says where a webhook it could not reach is, and why, but never its secret path', async () => {
    const warnings: string[] = [];
    // A port nothing listens on: one a server had a moment ago.
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    await new Promise((done) => server.close(done));
    await notifyWebhook(`http://127.0.0.1:${port}/hooks/T0SECRET/B0SECRET`, record({ hosts: { web1: { counts: counts(1), notRun: [], tasks: [] } } }), 2, (w) => warnings.push(w));
    expect(warnings).toEqual([expect.stringMatching(/^webhook at http:\/\/127\.0\.0\.1:\d+ could not be reached: fetch failed \(ECONNREFUSED\); the run's summary was not posted$/)]);
    expect(warnings[0]).not.toContain('SECRET');
  });
});
