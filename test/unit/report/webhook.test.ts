// --notify-webhook: every run that did not end cleanly is posted (drift, failed tasks, unreachable
// hosts, a stop), with a `text` line chat services display; a clean run posts nothing.
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../src/report/run-record.ts';
import { notifyWebhook } from '../../../src/report/write-reports.ts';
import { webhookReceiver } from '../../webhook-receiver.ts';

const counts = (failed = 0) => ({ ok: 1, changed: 0, failed, skipped: 0, unreachable: 0, ignored: 0 });
const record = (patch: Partial<RunRecord>): RunRecord => ({
  corectl: '0.1.0', inventory: ['inventory'], playbook: 'site.ts', check: false, startedAt: '2026-11-30T02:30:00.000Z', durationMs: 10, finished: true, hosts: {}, ...patch,
});

async function posted(run: RunRecord, exitCode: number): Promise<unknown[]> {
  const { url, received, close } = await webhookReceiver();
  const warnings: string[] = [];
  try {
    await notifyWebhook(url, run, exitCode, (w) => warnings.push(w));
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
    expect(await posted(drift, 3)).toEqual([expect.objectContaining({ text: 'corectl check site.ts: 1 of 2 hosts drifted (web1); unreachable: db1 (exit 3)', drifted: { web1: ['motd'] } })]);
    expect(await posted(record({ stopped: 'interrupted by SIGTERM at 02:31', finished: false }), 143)).toEqual([expect.objectContaining({ text: 'corectl run site.ts: run incomplete: interrupted by SIGTERM at 02:31 (exit 143)' })]);
  });

  it('posts nothing for a clean run', async () => {
    expect(await posted(record({ hosts: { web1: { counts: counts(), notRun: [], tasks: [] } } }), 0)).toEqual([]);
  });
});
