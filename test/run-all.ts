// `npm test`: the three vitest projects in two processes at once. The integration files run one at
// a time on the shared test hosts and mostly wait on them (about half of two cores stays idle
// through that lane); the unit files and the suites with hosts of their own keep the cores busy
// meanwhile, instead of after it. Vitest runs a one-file-at-a-time project in a group of its own,
// after the others, so one process cannot overlap them. Both outputs go to this terminal as they
// come (vitest names the project on every file's line); the exit code is the first failure's.
import { spawn, type ChildProcess } from 'node:child_process';
import { ensureEngine } from '../bin/engine-build.js';

const LANES: { name: string; args: string[] }[] = [
  { name: 'integration', args: ['--project', 'integration'] },
  { name: 'unit and own-hosts', args: ['--project', 'unit', '--project', 'own-hosts'] },
];

// Built once here: two processes' global setups would otherwise race to build it.
await ensureEngine();

const children: ChildProcess[] = [];
const stopAll = (signal: NodeJS.Signals) => {
  for (const child of children) child.kill(signal);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stopAll(signal));

const codes = await Promise.all(LANES.map((lane) => new Promise<number>((resolve) => {
  const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...lane.args, ...process.argv.slice(2)], { stdio: 'inherit' });
  children.push(child);
  child.on('exit', (code, signal) => {
    const result = code ?? (signal ? 128 : 1);
    console.log(`\n[npm test] ${lane.name}: ${result === 0 ? 'passed' : `failed (exit ${result}${signal ? `, ${signal}` : ''})`}`);
    resolve(result);
  });
})));
process.exitCode = codes.find((code) => code !== 0) ?? 0;
