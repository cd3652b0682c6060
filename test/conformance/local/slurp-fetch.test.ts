// slurp and fetch against ansible.builtin.slurp and ansible.builtin.fetch, on the controller (both
// with a local connection): the same files (text, binary, empty, a link, a directory, nothing),
// compared on status, slurp's content, and what fetch leaves under its dest (bytes, per-host
// path, flat), in a run, again (nothing changes), and in check mode (nothing is written).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fetch, slurp } from '../../../modules/index.ts';
import type { TaskResult } from '../../../src/module-api/module-types.ts';
import { playbook } from '../../../src/playbook/dsl.ts';
import { runOnController } from '../../controller-run.ts';

const src = mkdtempSync(join(tmpdir(), 'corectl-slurp-'));
writeFileSync(join(src, 'text'), 'hello\nworld\n');
writeFileSync(join(src, 'binary'), Buffer.from([0, 1, 2, 255, 10, 13, 0]));
writeFileSync(join(src, 'empty'), '');
symlinkSync(join(src, 'text'), join(src, 'link'));
mkdirSync(join(src, 'dir'));
const files = ['text', 'binary', 'empty', 'link', 'dir', 'missing'];

/** Every file under a directory, with its bytes (base64), relative to it. */
function tree(dir: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (statSync(path).isFile()) found[relative(dir, path)] = readFileSync(path).toString('base64');
  }
  return found;
}

function ansible(tasks: object[], check: boolean): Record<string, { status: string; content?: string }> {
  const play = join(src, `play-${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(play, JSON.stringify([{ hosts: 'here', gather_facts: false, tasks }]));
  const out = execFileSync('ansible-playbook', ['-i', 'here,', '-c', 'local', ...(check ? ['--check'] : []), play], {
    encoding: 'utf8', env: { ...process.env, ANSIBLE_LOCALHOST_WARNING: 'false', ANSIBLE_STDOUT_CALLBACK: 'json', ANSIBLE_LOAD_CALLBACK_PLUGINS: '1', ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3' },
  }).replace(/^[^{]*/, '');
  const results = (JSON.parse(out) as { plays: { tasks: { task: { name: string }; hosts: { here: Record<string, unknown> } }[] }[] }).plays[0]!.tasks;
  return Object.fromEntries(results.map((t) => {
    const r = t.hosts.here;
    return [t.task.name, { status: r.failed ? 'failed' : r.skipped ? 'skipped' : r.changed ? 'changed' : 'ok', ...(typeof r.content === 'string' && { content: r.content }) }];
  }));
}

async function corectl(build: Parameters<typeof playbook>[0], check: boolean): Promise<Record<string, { status: string; content?: string }>> {
  writeFileSync(join(src, 'hosts.ini'), 'here ansible_connection=local\n');
  const { finished } = await runOnController(playbook(build), join(src, 'hosts.ini'), { check });
  return Object.fromEntries(finished.map((e) => [e.task, { status: e.result.status, ...(typeof (e.result as TaskResult<{ content?: string }>).data?.content === 'string' && { content: (e.result as TaskResult<{ content?: string }>).data!.content }) }]));
}

describe('slurp and fetch conform to Ansible', () => {
  it('slurp: the same status and bytes for each file', async () => {
    const theirs = ansible(files.map((f) => ({ name: f, 'ansible.builtin.slurp': { src: join(src, f) }, ignore_errors: true })), false);
    const ours = await corectl((pb) => pb.play('p', { hosts: 'here', gatherFacts: false }, (play) => {
      for (const f of files) play.task(f, slurp({ path: join(src, f) }), { ignoreErrors: true });
    }), false);
    expect(ours).toEqual(theirs);
  });

  it('fetch: the same files under dest (per host, and flat), changed once, never in check mode', async () => {
    const cases = [
      ...files.map((f) => ({ name: f, path: f, flat: false, failOnMissing: true })),
      { name: 'flat', path: 'text', flat: true, failOnMissing: true },
      { name: 'missing-ok', path: 'missing', flat: false, failOnMissing: false },
    ];
    const passes: Record<string, unknown>[] = [];
    for (const who of ['ansible', 'corectl'] as const) {
      const dest = mkdtempSync(join(tmpdir(), `corectl-fetched-${who}-`));
      const run = (check: boolean) => who === 'ansible'
        ? ansible(cases.map((c) => ({ name: c.name, 'ansible.builtin.fetch': { src: join(src, c.path), dest: c.flat ? `${dest}/flat/` : dest, flat: c.flat, fail_on_missing: c.failOnMissing }, ignore_errors: true })), check)
        : corectl((pb) => pb.play('p', { hosts: 'here', gatherFacts: false }, (play) => {
          for (const c of cases) play.task(c.name, fetch({ path: join(src, c.path), dest: c.flat ? `${dest}/flat/` : dest, flat: c.flat, failOnMissing: c.failOnMissing }), { ignoreErrors: true });
        }), check);
      const check = await run(true);
      const afterCheck = tree(dest);
      const first = await run(false);
      const again = await run(false);
      // Paths relative to dest, with the run's own dest directory name taken out.
      passes.push({ check, afterCheck, first, again, tree: tree(dest) });
    }
    const [theirs, ours] = passes as { check: Record<string, { status: string }>; first: Record<string, { status: string }> }[];
    const { check: theirCheck, ...theirRest } = theirs!;
    const { check: ourCheck, ...ourRest } = ours!;
    // Runs, again, and what is left under dest: identical.
    expect(ourRest).toEqual(theirRest);
    // Deliberate: Ansible's fetch skips in check mode ("check mode not supported"); corectl says what
    // the run will do (a failure after an earlier change is "cannot tell", as everywhere).
    expect(Object.values(theirCheck).every((r) => r.status === 'skipped')).toBe(true);
    for (const [task, { status }] of Object.entries(ours!.first)) {
      expect(ourCheck[task]!.status === status || (status === 'failed' && ourCheck[task]!.status === 'skipped'), `${task}: check ${ourCheck[task]!.status}, run ${status}`).toBe(true);
    }
  });
});
