// The type check keeps TypeScript's incremental state between runs: an edit anywhere in what the
// playbook imports must still be found, and a fix must clear it.
import { mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { CACHE_DIR } from '../../../src/playbook/input-cache.ts';
import { typecheckPlaybook } from '../../../src/playbook/typecheck-playbook.ts';

it('finds an error an edit to an imported file makes, with the state of the clean check kept, and clears it after the fix', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'corectl-typecheck-'));
  const main = join(dir, 'site.ts');
  const helper = join(dir, 'helper.ts');
  const write = (path: string, text: string, secondsFromNow: number) => {
    writeFileSync(path, text);
    // A new mtime for each version: the clean-check cache is keyed by size and mtime.
    const when = new Date(Date.now() + secondsFromNow * 1000);
    utimesSync(path, when, when);
  };
  write(helper, 'export const port: number = 53;\n', 0);
  write(main, "import { port } from './helper.ts';\nexport const listen: number = port;\n", 0);
  const states = () => readdirSync(CACHE_DIR).filter((name) => name.startsWith('typecheck-state-')).length;
  const before = states();
  expect((await typecheckPlaybook(main)).errors).toEqual([]);
  expect(states()).toBe(before + 1);

  write(helper, "export const port: string = '53';\n", 10);
  expect((await typecheckPlaybook(main)).errors).toEqual([`  ${main}:2:14: Type 'string' is not assignable to type 'number'.`]);
  write(helper, 'export const port: number = 5353;\n', 20);
  expect((await typecheckPlaybook(main)).errors).toEqual([]);
});
