#!/usr/bin/env node
// corectl's entry point: registers tsx so the engine and the user's TypeScript playbooks load
// without a build step, then hands over to the CLI. The engine and the playbooks it loads share
// one loader namespace, so a playbook's `import ... from 'corectl'` gets the very modules the
// engine runs: loaded once, not twice, and with one set of module state.
import { register } from 'tsx/esm/api';

const loader = register({ namespace: 'corectl' });
globalThis[Symbol.for('corectl.loader')] = loader;
const { main } = await loader.import('../src/cli/main.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2));
