#!/usr/bin/env node
// corectl's entry point: registers tsx so the engine and the user's TypeScript playbooks load
// without a build step, then hands over to the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
