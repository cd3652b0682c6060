// `node --import tsx --import ./bin/register-shell-text.js SCRIPT.ts`: lets a script run from the
// sources (npm run docs, benchmarks) import remote shell as text (`import script from './x.sh'`),
// as esbuild's text loader does for the engine and vitest's plugin for the tests.
import { register } from 'node:module';

register('./shell-text-hooks.js', import.meta.url);
