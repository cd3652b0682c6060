// throttle (Ansible's keyword): at most that many hosts run the task at once, whatever --forks
// allows; tasks without it keep the full width. Three hosts on the controller itself.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { shell } from '../../../modules/index.ts';
import { ConnectionPool } from '../../../src/connection/connection-pool.ts';
import { DEFAULT_CONNECTION_SETTINGS } from '../../../src/connection/connection-target.ts';
import { KnownHosts } from '../../../src/connection/known-hosts.ts';
import { runPlaybook } from '../../../src/executor/run-playbook.ts';
import { loadInventory } from '../../../src/inventory/load-inventory.ts';
import { playbook } from '../../../src/playbook/dsl.ts';

/** The most intervals of `log` (lines `start|end TASK SECONDS`) open at one moment, for a task. */
function widest(log: string, task: string): number {
  const events = log.trim().split('\n').map((line) => line.split(' ')).filter(([, t]) => t === task).map(([kind, , at]) => ({ at: Number(at), delta: kind === 'start' ? 1 : -1 }));
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let open = 0;
  let most = 0;
  for (const e of events) most = Math.max(most, (open += e.delta));
  return most;
}

it('runs a throttled task on one host at a time, and the others side by side', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'corectl-throttle-'));
  writeFileSync(join(dir, 'hosts.ini'), '[local]\na ansible_connection=local\nb ansible_connection=local\nc ansible_connection=local\n');
  const log = join(dir, 'log');
  const timed = (task: string) => shell({ script: `echo "start ${task} $(date +%s.%N)" >> ${log}; sleep 0.4; echo "end ${task} $(date +%s.%N)" >> ${log}` });
  const pb = playbook((p) => p.play('p', { hosts: 'local', gatherFacts: false }, (play) => {
    play.task('all at once', timed('wide'));
    play.task('one at a time', timed('throttled'), { throttle: 1 });
  }));
  const pool = new ConnectionPool({ ...DEFAULT_CONNECTION_SETTINGS, knownHosts: await KnownHosts.load([]), warn: () => {} });
  try {
    await runPlaybook({ playbook: pb, name: 'throttle.ts', inventory: await loadInventory(join(dir, 'hosts.ini')), pool, sshConfig: [], emit: () => {}, options: { check: false, diff: false, forks: 10 } });
  } finally {
    await pool.closeAll();
  }
  const text = readFileSync(log, 'utf8');
  expect(widest(text, 'throttled')).toBe(1);
  expect(widest(text, 'wide')).toBeGreaterThan(1);
});
