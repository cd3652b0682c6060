#!/usr/bin/env node
// corectl's entry point: runs the engine from dist/ (plain JavaScript, built from src/ and
// rebuilt when a source changed; see engine-build.js), then hands over to the CLI. Playbooks are
// compiled when they are loaded (src/playbook/compile-playbook.ts).
import { CLI_ENTRY, ensureEngine } from './engine-build.js';

try {
  await ensureEngine();
} catch (error) {
  process.stderr.write(`corectl: cannot build the engine into dist/ (${error.message}); run \`node bin/engine-build.js\` as the owner of the installation\n`);
  process.exit(1);
}
const { main } = await import(CLI_ENTRY);
process.exitCode = await main(process.argv.slice(2));
