// stat against ansible.builtin.stat, on the controller (both with a local connection): the same
// paths (a file, an empty one, a setuid one, a directory, links followed and not, a dangling link,
// nothing), the same options, compared field by field: exists, type, mode, owner, group, uid,
// gid, size, mtime (whole seconds), checksum and link target. Both read the same inodes.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stat } from '../../../modules/index.ts';
import { playbook } from '../../../src/playbook/dsl.ts';
import { runOnController } from '../../controller-run.ts';

interface StatCase { id: string; path: string; follow?: boolean; checksum?: 'sha1' | 'sha256' | false }

describe('stat conforms to ansible.builtin.stat', () => {
  const dir = mkdtempSync(join(tmpdir(), 'corectl-stat-'));
  writeFileSync(join(dir, 'file'), 'hello\n');
  chmodSync(join(dir, 'file'), 0o640);
  writeFileSync(join(dir, 'empty'), '');
  writeFileSync(join(dir, 'setuid'), '#!/bin/sh\n');
  chmodSync(join(dir, 'setuid'), 0o4755);
  mkdirSync(join(dir, 'dir'));
  symlinkSync(join(dir, 'file'), join(dir, 'link'));
  symlinkSync('dir', join(dir, 'dirlink'));
  symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'));
  const cases: StatCase[] = [
    { id: 'file', path: 'file' }, { id: 'empty', path: 'empty' }, { id: 'setuid', path: 'setuid' }, { id: 'directory', path: 'dir' },
    { id: 'link', path: 'link' }, { id: 'link-followed', path: 'link', follow: true }, { id: 'dirlink-followed', path: 'dirlink', follow: true },
    { id: 'dangling', path: 'dangling' }, { id: 'dangling-followed', path: 'dangling', follow: true }, { id: 'missing', path: 'missing' },
    { id: 'sha256', path: 'file', checksum: 'sha256' }, { id: 'no-checksum', path: 'file', checksum: false },
  ];

  it('reports what Ansible reports, for each path and option', async () => {
    // Ansible: one play, one stat task per case, its results as JSON.
    const tasks = cases.map((c) => ({
      name: c.id,
      'ansible.builtin.stat': { path: join(dir, c.path), follow: c.follow ?? false, ...(c.checksum === false ? { get_checksum: false } : { checksum_algorithm: c.checksum ?? 'sha1' }) },
    }));
    writeFileSync(join(dir, 'play.yml'), JSON.stringify([{ hosts: 'localhost', gather_facts: false, tasks }]));
    const json = execFileSync('ansible-playbook', ['-i', 'localhost,', '-c', 'local', join(dir, 'play.yml')], {
      encoding: 'utf8', env: { ...process.env, ANSIBLE_LOCALHOST_WARNING: 'false', ANSIBLE_STDOUT_CALLBACK: 'json', ANSIBLE_LOAD_CALLBACK_PLUGINS: '1', ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3' },
    });
    const theirs = (JSON.parse(json) as { plays: { tasks: { task: { name: string }; hosts: { localhost: { stat: Record<string, unknown> } } }[] }[] }).plays[0]!.tasks;
    const ansible = (s: Record<string, unknown>) => !s.exists ? { exists: false } : {
      exists: true, type: s.isreg ? 'file' : s.isdir ? 'directory' : s.islnk ? 'link' : 'other', mode: s.mode, owner: s.pw_name, group: s.gr_name, uid: s.uid, gid: s.gid,
      size: s.size, mtime: Math.floor(s.mtime as number), ...(s.checksum !== undefined && { checksum: s.checksum }), ...(s.lnk_target !== undefined && { linkTarget: s.lnk_target }),
    };

    // corectl: the same tasks on the controller.
    writeFileSync(join(dir, 'hosts.ini'), 'here ansible_connection=local\n');
    const { finished } = await runOnController(playbook((pb) => pb.play('stat', { hosts: 'here', gatherFacts: false }, (play) => {
      for (const c of cases) play.task(c.id, stat({ path: join(dir, c.path), follow: c.follow ?? false, checksum: c.checksum ?? 'sha1' }));
    })), join(dir, 'hosts.ini'));
    const ours = new Map(finished.map((e) => [e.task, e.result] as const));
    const different = cases.flatMap((c) => {
      const expected = ansible(theirs.find((t) => t.task.name === c.id)!.hosts.localhost.stat);
      const result = ours.get(c.id)!;
      const actual = { ...result.data };
      return JSON.stringify(actual, Object.keys(actual).sort()) === JSON.stringify(expected, Object.keys(expected).sort()) && result.status === 'ok'
        ? [] : [`${c.id}: Ansible ${JSON.stringify(expected)}; corectl ${result.status} ${JSON.stringify(actual)}`];
    });
    console.log(`stat against ansible.builtin.stat: ${cases.length} cases, ${cases.length - different.length} identical`);
    expect(different).toEqual([]);
  });
});
