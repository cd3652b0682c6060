// Playbooks are compiled with esbuild and imported from the user's cache: what a playbook author
// relies on must still hold — its helpers and import.meta, the shared engine, file and line in
// errors, nothing left in /tmp — and an edit to any of its files must be seen on the next run.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cachePath } from '../../../src/playbook/input-cache.ts';
import { loadPlaybook } from '../../../src/playbook/load-playbook.ts';
import type { Playbook } from '../../../src/playbook/playbook-types.ts';

// Inside the repository, so `corectl` resolves as it does for a site.
const dir = mkdtempSync(join(resolve('test/fixtures'), '.tmp-compile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
};
const leftovers = () => readdirSync(tmpdir()).filter((name) => name.startsWith('corectl-playbook-')).sort();

describe('playbook compilation', () => {
  it('bundles the playbook\'s own helpers, each with its own import.meta, and leaves no file behind', async () => {
    write('lib/templates/motd.txt', 'welcome to {host}\n');
    write('lib/motd.ts', `import { readFileSync } from 'node:fs';\nimport { join } from 'node:path';\nexport const motd = (host: string) => readFileSync(join(import.meta.dirname, 'templates/motd.txt'), 'utf8').replace('{host}', host);\nexport const where = import.meta.url;\n`);
    const path = write('site.ts', `import { playbook } from 'corectl';\nimport { file } from 'corectl/modules';\nimport { motd, where } from './lib/motd.ts';\nexport default playbook((pb) => pb.play(where + ' ' + import.meta.filename, { hosts: 'all' }, (play) => {\n  play.task('motd', file(({ host }) => ({ path: '/etc/motd', content: motd(host) })));\n}));\n`);
    const before = leftovers();
    const loaded: Playbook = await loadPlaybook(path, { typecheck: false });
    expect(leftovers()).toEqual(before);
    expect(loaded.plays[0]!.name).toBe(`file://${join(dir, 'lib/motd.ts')} ${path}`);
    const task = loaded.plays[0]!.steps[0]!;
    if (task.kind !== 'task' || typeof task.call.options !== 'function') throw new Error('expected a task with options from its context');
    const options = task.call.options as (context: { host: string }) => { content: string };
    expect(options({ host: 'ns1' }).content).toBe('welcome to ns1\n');
    // Stack traces are mapped back to the TypeScript source: the task's own line.
    expect(task.site).toMatchObject({ file: path, line: 5 });
  });

  it('uses the compiled module again while no file changed, and compiles again when a helper did', async () => {
    const helper = write('cached/lib/name.ts', `export const name = 'first';\n`);
    const path = write('cached/site.ts', `import { playbook } from 'corectl';\nimport { name } from './lib/name.ts';\nexport default playbook((pb) => pb.play(name, { hosts: 'all' }, () => {}));\n`);
    expect((await loadPlaybook(path, { typecheck: false })).plays[0]!.name).toBe('first');
    const entryFile = readdirSync(join(cachePath('x', '', ''), '..')).map((name) => join(cachePath('x', '', ''), '..', name))
      .find((file) => file.endsWith('.json') && file.includes('compiled-') && readFileSync(file, 'utf8').includes(path))!;
    const { module } = JSON.parse(readFileSync(entryFile, 'utf8')) as { module: string };
    // Proof that the next load runs the cached module rather than compiling: mark it.
    writeFileSync(module, readFileSync(module, 'utf8').replace('"first"', '"from the cache"'));
    expect((await loadPlaybook(path, { typecheck: false })).plays[0]!.name).toBe('from the cache');
    // Same size, new mtime: a change all the same.
    writeFileSync(helper, `export const name = 'again';\n`);
    utimesSync(helper, new Date(), new Date(Date.now() + 5000));
    expect((await loadPlaybook(path, { typecheck: false })).plays[0]!.name).toBe('again');
    expect(existsSync(module)).toBe(false);
  });

  it('names the file, line and column of a syntax error, and imports nothing', async () => {
    const path = write('broken.ts', `import { playbook } from 'corectl';\nexport default playbook((pb) => {\n  pb.play('x', { hosts: 'all' }, (play) => {\n    play.task('t',\n}));\n`);
    await expect(loadPlaybook(path, { typecheck: false })).rejects.toThrow(/broken\.ts:5:\d+: /);
  });

  it('names a package the playbook imports that is not installed', async () => {
    const path = write('missing.ts', `import { playbook } from 'corectl';\nimport { thing } from 'no-such-package-here';\nexport default playbook(() => thing);\n`);
    await expect(loadPlaybook(path, { typecheck: false })).rejects.toThrow(/missing\.ts:2:\d+: Could not resolve "no-such-package-here"/);
  });
});
