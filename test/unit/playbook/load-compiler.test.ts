// The TypeScript compiler loaded with V8's code cache: a cache V8 refuses (damaged, or made by
// another Node) costs only time — the compiler works and the cache is made again.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, it } from 'vitest';
import { codeCacheFile, loadCompiler } from '../../../src/playbook/load-compiler.ts';

const typescript = createRequire(import.meta.url)('typescript') as typeof import('typescript');

it('loads a working compiler from a damaged code cache, and makes the cache again', () => {
  writeFileSync(codeCacheFile, 'not a V8 code cache');
  const { compiler, keepCodeCache } = loadCompiler();
  expect(compiler.version).toBe(typescript.version);
  const source = compiler.createSourceFile('x.ts', 'const port: number = 53;', compiler.ScriptTarget.ES2023);
  expect(source.statements).toHaveLength(1);
  keepCodeCache();
  const made = readFileSync(codeCacheFile);
  expect(made.toString('latin1')).not.toBe('not a V8 code cache');
  // Made again, it is used as it is: the next load keeps it.
  loadCompiler().keepCodeCache();
  expect(readFileSync(codeCacheFile).equals(made)).toBe(true);
});
