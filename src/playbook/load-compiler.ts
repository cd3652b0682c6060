// Loads the TypeScript compiler with V8's code cache. The compiler is one 9 MB script that V8
// would compile again on every run (a tenth of a second here, and more for the functions compiled
// while checking); the cache keeps what V8 compiled, in corectl's cache directory, and V8 itself
// refuses a cache made by another V8 or with other flags (then it is made again). Node 22's
// module.enableCompileCache does the same for every module; Node 20 has no such switch.
import { readFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';
import type ts from 'typescript';
import { cachePath, writeCacheFile } from './input-cache.ts';

const require = createRequire(import.meta.url);

export interface LoadedCompiler {
  compiler: typeof ts;
  /** Keeps what V8 compiled so far for the next run; call it once the compiler has done its work. */
  keepCodeCache(): void;
}

const file = require.resolve('typescript');
const version = (require('typescript/package.json') as { version: string }).version;
/** Where the compiler's code cache is kept. */
export const codeCacheFile = cachePath('v8-typescript', `${file}\0${version}`, '.bin');

export function loadCompiler(): LoadedCompiler {
  const cacheFile = codeCacheFile;
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // no cache yet: this run makes it
  }
  // Module.wrap: the function Node itself wraps a CommonJS file in, so the compiler sees the
  // module, exports and require it would get from require().
  const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, ...(cachedData && { cachedData }) });
  const module = { exports: {} as typeof ts };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));
  return {
    compiler: module.exports,
    keepCodeCache: () => {
      if (!cachedData || script.cachedDataRejected) writeCacheFile(cacheFile, script.createCachedData());
    },
  };
}
