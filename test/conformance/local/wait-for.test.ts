// waitFor against ansible.builtin.wait_for, on the controller (both with a local connection): a
// file there or not, a TCP port that answers (a server this test runs) or not, timeouts, delay,
// a bare wait, and a regex in a file (search_regex): the same status for each case.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../../modules/index.ts';
import { playbook } from '../../../src/playbook/dsl.ts';
import { runOnController } from '../../controller-run.ts';

describe('waitFor conforms to ansible.builtin.wait_for', () => {
  it('gives the same status for each case', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corectl-wait-'));
    writeFileSync(join(dir, 'there'), 'x\n');
    writeFileSync(join(dir, 'log'), 'booting\nserver started on port 8080\nport 80\nready (pid 42)\nstarted\nport\n');
    const server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const open = (server.address() as AddressInfo).port;
    // A port nothing listens on: one the system just gave out and took back.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const closed = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const cases: { id: string; path?: string; port?: number; state?: 'present' | 'started' | 'absent' | 'stopped'; timeout: number; delay?: number; regex?: string }[] = [
      { id: 'file-there', path: join(dir, 'there'), state: 'present', timeout: 3 },
      { id: 'file-gone', path: join(dir, 'missing'), state: 'absent', timeout: 3 },
      { id: 'file-never-comes', path: join(dir, 'missing'), state: 'present', timeout: 1 },
      { id: 'file-never-goes', path: join(dir, 'there'), state: 'absent', timeout: 1 },
      { id: 'file-started', path: join(dir, 'there'), state: 'started', timeout: 3 },
      { id: 'port-answers', port: open, state: 'started', timeout: 3 },
      { id: 'port-stopped', port: closed, state: 'stopped', timeout: 3 },
      { id: 'port-never-answers', port: closed, state: 'started', timeout: 1 },
      { id: 'port-never-stops', port: open, state: 'stopped', timeout: 1 },
      { id: 'bare-wait', timeout: 1 },
      { id: 'delay', path: join(dir, 'there'), delay: 1, timeout: 3 },
      { id: 'regex-found', path: join(dir, 'log'), regex: 'started on port \\d+', timeout: 3 },
      { id: 'regex-line-anchors', path: join(dir, 'log'), regex: '^port \\d+$', timeout: 3 },
      { id: 'regex-named-group', path: join(dir, 'log'), regex: '(?P<state>ready) \\(pid (?P<pid>\\d+)\\)', timeout: 3 },
      { id: 'regex-dot-stops-at-newline', path: join(dir, 'log'), regex: 'started.port', timeout: 1 },
      { id: 'regex-never', path: join(dir, 'log'), regex: 'listening', timeout: 1 },
      { id: 'regex-file-missing', path: join(dir, 'missing'), regex: 'x', timeout: 1 },
    ];
    try {
      writeFileSync(join(dir, 'play.yml'), JSON.stringify([{
        hosts: 'here', gather_facts: false,
        tasks: cases.map((c) => ({ name: c.id, ignore_errors: true, 'ansible.builtin.wait_for': { ...(c.path && { path: c.path }), ...(c.port && { port: c.port, host: '127.0.0.1' }), ...(c.state && { state: c.state }), timeout: c.timeout, ...(c.delay && { delay: c.delay }), ...(c.regex && { search_regex: c.regex }) } })),
      }]));
      const out = execFileSync('ansible-playbook', ['-i', 'here,', '-c', 'local', join(dir, 'play.yml')], {
        encoding: 'utf8', env: { ...process.env, ANSIBLE_LOCALHOST_WARNING: 'false', ANSIBLE_STDOUT_CALLBACK: 'json', ANSIBLE_LOAD_CALLBACK_PLUGINS: '1', ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3' },
      }).replace(/^[^{]*/, '');
      const theirs = Object.fromEntries((JSON.parse(out) as { plays: { tasks: { task: { name: string }; hosts: { here: { failed?: boolean; changed?: boolean } } }[] }[] }).plays[0]!.tasks
        .map((t) => [t.task.name, t.hosts.here.failed ? 'failed' : t.hosts.here.changed ? 'changed' : 'ok']));

      writeFileSync(join(dir, 'hosts.ini'), 'here ansible_connection=local\n');
      const { finished } = await runOnController(playbook((pb) => pb.play('p', { hosts: 'here', gatherFacts: false }, (play) => {
        for (const c of cases) play.task(c.id, waitFor({ ...(c.path && { path: c.path }), ...(c.port && { port: c.port }), ...(c.state && { state: c.state }), timeout: c.timeout, ...(c.delay && { delay: c.delay }), ...(c.regex && { searchRegex: c.regex }) }), { ignoreErrors: true });
      })), join(dir, 'hosts.ini'));
      const ours = Object.fromEntries(finished.map((e) => [e.task, e.result.status]));
      expect(ours).toEqual(theirs);
      expect(Object.values(ours).filter((s) => s === 'failed')).toHaveLength(7);
    } finally {
      server.close();
    }
  }, 120_000);
});
