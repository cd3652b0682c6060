// A run's first task waits for `startAfter` (the playbook's type check, running meanwhile): the
// run prepares (hosts, vars, computed options, facts) but changes nothing until it resolves, and
// its rejection is the run's error — also when preparing failed for a reason of its own.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { file } from '../../../modules/index.ts';
import { ConnectionPool } from '../../../src/connection/connection-pool.ts';
import { DEFAULT_CONNECTION_SETTINGS } from '../../../src/connection/connection-target.ts';
import { KnownHosts } from '../../../src/connection/known-hosts.ts';
import type { RunEvent } from '../../../src/executor/events.ts';
import { runPlaybook } from '../../../src/executor/run-playbook.ts';
import { loadInventory } from '../../../src/inventory/load-inventory.ts';
import { playbook } from '../../../src/playbook/dsl.ts';
import { PlaybookError } from '../../../src/playbook/playbook-error.ts';

const dir = mkdtempSync(join(tmpdir(), 'corectl-start-after-'));
writeFileSync(join(dir, 'hosts.ini'), '[local]\nbuild ansible_connection=local\n');

/** A type check that found errors (handled here: the run is given it a moment later). */
function failedCheck(): Promise<void> {
  const failed = Promise.reject(new PlaybookError('type errors in the playbook'));
  failed.catch(() => {});
  return failed;
}

async function run(path: string, startAfter: Promise<void>, vars?: z.ZodType) {
  const pb = playbook((p) => p.play('p', { hosts: 'all', gatherFacts: false, ...(vars && { vars }) }, (play) => {
    play.task('write', file({ path, content: 'written\n' }));
  }));
  const pool = new ConnectionPool({ ...DEFAULT_CONNECTION_SETTINGS, knownHosts: await KnownHosts.load([]), warn: () => {} });
  const events: RunEvent[] = [];
  const inventory = await loadInventory(join(dir, 'hosts.ini'));
  try {
    return { summary: await runPlaybook({ playbook: pb, name: 'p', inventory, pool, sshConfig: [], emit: (e) => events.push(e), options: { check: false, diff: false, forks: 5, startAfter } }), events };
  } finally {
    await pool.closeAll();
  }
}

it('runs no task before startAfter resolves, then runs them all', async () => {
  const path = join(dir, 'held');
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const running = run(path, gate);
  await sleep(300);
  expect(existsSync(path)).toBe(false);
  release();
  const { summary, events } = await running;
  expect(summary.changed).toBe(true);
  expect(existsSync(path)).toBe(true);
  expect(events.some((e) => e.kind === 'run-started')).toBe(true);
});

it('ends with startAfter\'s error before the first task when it rejects', async () => {
  const path = join(dir, 'refused');
  await expect(run(path, failedCheck())).rejects.toThrow('type errors in the playbook');
  expect(existsSync(path)).toBe(false);
});

it('reports startAfter\'s error, not the one preparing met, when both fail', async () => {
  const path = join(dir, 'both');
  const vars = z.object({ replicas: z.number() });
  // Alone, the vars are the error...
  await expect(run(path, Promise.resolve(), vars)).rejects.toThrow(/var replicas/);
  // ...but a type error is the cause the rest follows from.
  await expect(run(path, failedCheck(), vars)).rejects.toThrow('type errors in the playbook');
  expect(existsSync(path)).toBe(false);
});
