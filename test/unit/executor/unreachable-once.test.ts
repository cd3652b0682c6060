// A host that cannot be reached is out of the run from then on, as in Ansible: one unreachable
// line and unreachable=1 however many plays name it, told after the run's start (the pre-flight
// check of computed options gathers facts before it), never tried again play after play.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { file } from '../../../modules/index.ts';
import { ConnectionPool } from '../../../src/connection/connection-pool.ts';
import { DEFAULT_CONNECTION_SETTINGS } from '../../../src/connection/connection-target.ts';
import { KnownHosts } from '../../../src/connection/known-hosts.ts';
import type { RunEvent } from '../../../src/executor/events.ts';
import { runPlaybook } from '../../../src/executor/run-playbook.ts';
import { loadInventory } from '../../../src/inventory/load-inventory.ts';
import { playbook } from '../../../src/playbook/dsl.ts';

it('counts and lists an unreachable host once over three plays, after run-started', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'corectl-unreachable-'));
  const key = join(dir, 'key');
  writeFileSync(join(dir, 'hosts.ini'), `[web]\nweb1 ansible_host=127.0.0.1 ansible_port=1 ansible_ssh_private_key_file=${key}\n`);
  // Any key will do: the port refuses the connection before anyone asks for one.
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
  const pb = playbook((p) => {
    for (const name of ['one', 'two', 'three']) {
      p.play(name, { hosts: 'all' }, (play) => {
        play.task(`${name} file`, file(({ host }) => ({ path: `/tmp/${host}-${name}`, content: 'x\n' })));
      });
    }
  });
  const pool = new ConnectionPool({ ...DEFAULT_CONNECTION_SETTINGS, knownHosts: await KnownHosts.load([]), warn: () => {} });
  const events: RunEvent[] = [];
  try {
    const summary = await runPlaybook({ playbook: pb, name: 'p', inventory: await loadInventory(join(dir, 'hosts.ini')), pool, sshConfig: [], emit: (e) => events.push(e), options: { check: true, diff: false, forks: 5 } });
    expect(summary.unreachable).toBe(true);
  } finally {
    await pool.closeAll();
  }
  const kinds = events.map((e) => e.kind);
  expect(kinds.filter((k) => k === 'host-unreachable')).toHaveLength(1);
  expect(kinds.indexOf('run-started')).toBeLessThan(kinds.indexOf('host-unreachable'));
  const finished = events.find((e) => e.kind === 'run-finished');
  expect(finished?.kind === 'run-finished' && finished.recap.web1?.unreachable).toBe(1);
});
