// --list-hosts and --list-tasks: each play's hosts and tasks as ansible-playbook lists them, with
// --limit and --tags applied, and no host contacted (the inventory's hosts do not exist).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';

const dir = mkdtempSync(join(resolve('test/fixtures'), '.tmp-list-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('lists hosts and tasks, loops and blocks with their rescue, without connecting', () => {
  writeFileSync(join(dir, 'hosts.ini'), '[web]\nweb1 ansible_host=192.0.2.1\nweb2 ansible_host=192.0.2.2\n[db]\ndb1 ansible_host=192.0.2.3\n');
  writeFileSync(join(dir, 'site.ts'), `import { playbook } from 'corectl';
import { file } from 'corectl/modules';
export default playbook((pb) => {
  pb.play('web servers', { hosts: 'web' }, (play) => {
    play.task('motd', file({ path: '/etc/motd', content: 'x' }), { tags: ['motd'] });
    play.loop('users', () => ['a'], (u) => file({ path: '/tmp/' + u, content: 'x' }));
    play.block('upgrade', (b) => b.task('stage', file({ path: '/tmp/s', content: 'x' })), { rescue: (r) => r.task('roll back', file({ path: '/tmp/r', content: 'x' })), tags: ['up'] });
  });
  pb.play('databases', { hosts: 'db' }, (play) => play.task('tuned', file({ path: '/etc/t', content: 'x' })));
});
`);
  const list = (...extra: string[]) => spawnSync(process.execPath, [resolve('bin/corectl.js'), 'run', join(dir, 'site.ts'), '-i', join(dir, 'hosts.ini'), '--no-typecheck', ...extra], { encoding: 'utf8', timeout: 60_000 });
  const all = list('--list-hosts', '--list-tasks', '--limit', 'web1,db1');
  expect(all.status, all.stderr).toBe(0);
  expect(all.stdout).toBe([
    '', 'playbook: site.ts', '',
    '  play #1 (web): web servers\tTAGS: []', '    pattern: web', '    hosts (1):', '      web1', '    tasks:',
    '      motd\tTAGS: [motd]', '      users (loop)\tTAGS: []', '      upgrade (block)', '        stage\tTAGS: [up]', '        rescue:', '          roll back\tTAGS: [up]',
    '',
    '  play #2 (db): databases\tTAGS: []', '    pattern: db', '    hosts (1):', '      db1', '    tasks:', '      tuned\tTAGS: []',
    '',
  ].join('\n'));
  const tagged = list('--list-tasks', '--tags', 'motd');
  expect(tagged.stdout).toContain('    tasks:\n      motd\tTAGS: [motd]\n\n  play #2');
  // --start-at-task: the run begins at the block holding "stage"; what comes before is left out.
  const started = list('--list-tasks', '--start-at-task', 'stage');
  expect(started.stdout).toContain('  play #1 (web): web servers\tTAGS: []\n    tasks:\n      upgrade (block)\n');
  expect(started.stdout).not.toContain('motd');
  expect(started.stdout).toContain('tuned');
  const unknown = list('--list-tasks', '--start-at-task', 'nope');
  expect(unknown.status).toBe(4);
  expect(unknown.stderr).toContain('--start-at-task: no task named "nope" in the playbook');
});
