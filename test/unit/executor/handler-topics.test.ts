// notify by topic (Ansible's `listen`): every handler listening to it runs, once, in the order the
// play defines them; a handler's own name works as a topic too; a topic nobody listens to is refused.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { file, shell } from '../../../modules/index.ts';
import { ConnectionPool } from '../../../src/connection/connection-pool.ts';
import { DEFAULT_CONNECTION_SETTINGS } from '../../../src/connection/connection-target.ts';
import { KnownHosts } from '../../../src/connection/known-hosts.ts';
import { runPlaybook } from '../../../src/executor/run-playbook.ts';
import { loadInventory } from '../../../src/inventory/load-inventory.ts';
import { playbook } from '../../../src/playbook/dsl.ts';
import { validatePlaybook } from '../../../src/playbook/load-playbook.ts';

it('runs every handler listening to a notified topic once, in the play\'s order', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'corectl-listen-'));
  writeFileSync(join(dir, 'hosts.ini'), '[local]\nbuild ansible_connection=local\n');
  const log = join(dir, 'log');
  const note = (what: string) => shell({ script: `echo ${what} >> ${log}` });
  const pb = playbook((p) => p.play('p', { hosts: 'build', gatherFacts: false }, (play) => {
    play.handler('restart db', note('db'), { listen: 'restart stack' });
    play.handler('restart web', note('web'), { listen: ['restart stack', 'web changed'] });
    play.handler('unrelated', note('unrelated'));
    play.task('config', file({ path: join(dir, 'a'), content: 'x\n' }), { notify: ['web changed', 'restart stack'] });
    play.task('more config', file({ path: join(dir, 'b'), content: 'x\n' }), { notify: ['restart db'] });
  }));
  validatePlaybook(pb);
  const pool = new ConnectionPool({ ...DEFAULT_CONNECTION_SETTINGS, knownHosts: await KnownHosts.load([]), warn: () => {} });
  try {
    await runPlaybook({ playbook: pb, name: 'listen.ts', inventory: await loadInventory(join(dir, 'hosts.ini')), pool, sshConfig: [], emit: () => {}, options: { check: false, diff: false, forks: 5 } });
  } finally {
    await pool.closeAll();
  }
  expect(readFileSync(log, 'utf8')).toBe('db\nweb\n');
  const unknown = playbook((p) => p.play('p', { hosts: 'all' }, (play) => {
    play.handler('restart web', note('web'), { listen: 'web' });
    play.task('config', file({ path: '/tmp/x', content: 'x\n' }), { notify: ['wbe'] });
  }));
  expect(() => validatePlaybook(unknown)).toThrow(/handler-topics\.test\.ts:\d+:\d+: task "config": notifies "wbe", which no handler of play "p" is named or listens to/);
});
