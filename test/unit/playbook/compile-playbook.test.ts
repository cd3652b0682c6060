// Playbooks are compiled with esbuild and imported from a temporary file: what a playbook author
// relies on must still hold — its helpers and import.meta, the shared engine, file and line in
// errors, nothing left behind.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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

  it('names the file, line and column of a syntax error, and imports nothing', async () => {
    const path = write('broken.ts', `import { playbook } from 'corectl';\nexport default playbook((pb) => {\n  pb.play('x', { hosts: 'all' }, (play) => {\n    play.task('t',\n}));\n`);
    await expect(loadPlaybook(path, { typecheck: false })).rejects.toThrow(/broken\.ts:5:\d+: /);
  });

  it('names a package the playbook imports that is not installed', async () => {
    const path = write('missing.ts', `import { playbook } from 'corectl';\nimport { thing } from 'no-such-package-here';\nexport default playbook(() => thing);\n`);
    await expect(loadPlaybook(path, { typecheck: false })).rejects.toThrow(/missing\.ts:2:\d+: Could not resolve "no-such-package-here"/);
  });
});
