#!/usr/bin/env node
// corectl's entry point: runs the engine from dist/ (plain JavaScript, built from src/ and
// rebuilt when a source changed; see engine-build.js), then hands over to the CLI. Playbooks are
// compiled when they are loaded (src/playbook/compile-playbook.ts).
import { CLI_ENTRY, ensureEngine } from './engine-build.js';

// A stop signal while the engine is built or loaded is kept, not fatal: `corectl run` then stops
// at once and still writes its report; other commands end by it (src/cli/early-stop.ts).
const early = { signal: undefined, listeners: [] };
globalThis[Symbol.for('corectl.earlyStop')] = early;
for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  const listener = () => {
    early.signal ??= name;
  };
  early.listeners.push([name, listener]);
  process.on(name, listener);
}

try {
  await ensureEngine();
} catch (error) {
  process.stderr.write(`corectl: cannot build the engine into dist/ (${error.message}); run \`node bin/engine-build.js\` as the owner of the installation\n`);
  process.exit(1);
}
const { main } = await import(CLI_ENTRY);
process.exitCode = await main(process.argv.slice(2));
// Stopped (128 + a signal's number): the reports are written; a compile or type check still going
// in the background is not waited for. What was printed is flushed first.
if (process.exitCode >= 128) {
  await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write('', resolve))));
  process.exit();
}
