// `environment` (Ansible's keyword) on a play, a block and a task, merged name by name with the
// innermost winning, as a function of the host's context too; values reach the command exactly
// (quoted), and do not leak into the next task. On the controller itself (ansible_connection=local).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { shell } from '../../../modules/index.ts';
import { ConnectionPool } from '../../../src/connection/connection-pool.ts';
import { DEFAULT_CONNECTION_SETTINGS } from '../../../src/connection/connection-target.ts';
import { KnownHosts } from '../../../src/connection/known-hosts.ts';
import type { RunEvent } from '../../../src/executor/events.ts';
import { runPlaybook } from '../../../src/executor/run-playbook.ts';
import { loadInventory } from '../../../src/inventory/load-inventory.ts';
import { playbook } from '../../../src/playbook/dsl.ts';

it('merges play, block and task environments name by name, the innermost winning, and quotes every value', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'corectl-env-'));
  writeFileSync(join(dir, 'hosts.ini'), '[local]\nbuild ansible_connection=local\n');
  const show = shell({ script: 'printf "%s|%s|%s|%s" "${SITE-unset}" "${TIER-unset}" "${ROLE-unset}" "${HOSTILE-unset}"' });
  const pb = playbook((p) => p.play('p', { hosts: 'build', gatherFacts: false, environment: { SITE: 'lab', TIER: 'play' } }, (play) => {
    play.task('play only', show);
    play.block('b', (b) => {
      b.task('block and task', show, { environment: ({ host }) => ({ ROLE: `task on ${host}`, HOSTILE: "it's $(touch /tmp/pwned) `x` \"q\"" }) });
    }, { environment: { TIER: 'block' } });
    play.task('none leaks', show);
    play.task('bad name', show, { environment: { 'NOT-A-NAME': 'x' } });
  }));
  const pool = new ConnectionPool({ ...DEFAULT_CONNECTION_SETTINGS, knownHosts: await KnownHosts.load([]), warn: () => {} });
  const events: RunEvent[] = [];
  try {
    await runPlaybook({ playbook: pb, name: 'env.ts', inventory: await loadInventory(join(dir, 'hosts.ini')), pool, sshConfig: [], emit: (e) => events.push(e), options: { check: false, diff: false, forks: 5 } });
  } finally {
    await pool.closeAll();
  }
  const out = Object.fromEntries(events.flatMap((e) => (e.kind === 'task-finished' ? [[e.task, e.result.failed ? e.result.message : e.result.stdout]] : [])));
  expect(out['play only']).toBe('lab|play|unset|unset');
  expect(out['block and task']).toBe('lab|block|task on build|it\'s $(touch /tmp/pwned) `x` "q"');
  expect(out['none leaks']).toBe('lab|play|unset|unset');
  expect(out['bad name']).toMatch(/environment\.test\.ts:\d+:\d+: environment: "NOT-A-NAME" cannot be the name of an environment variable/);
});
