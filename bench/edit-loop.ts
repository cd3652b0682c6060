// `npm run bench:edit`: the edit loop — an operator edits a playbook and runs it again. Measures
// how long after the command the edit's change lands on a host (the file's mtime there, the same
// clock: the test hosts share the machine's kernel), with the playbook's type check and without it
// (--no-typecheck, the floor), on the example site (playbooks/site.ts) in a site directory of its
// own that has corectl as a dependency, as `corectl init` makes one.
//   npm run bench:edit -- [--rounds 5] [--inventory DIR]   (DIR: running hosts, e.g. .corectl/test-hosts)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startCluster } from '../test/hosts/cluster.ts';
import { writeSection } from './results-page.ts';
import { formatSeconds } from './stats.ts';
import { benchLog as log, ROOT } from './variants.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, inventory: { type: 'string' } } });
const ROUNDS = Number(values.rounds);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error('--rounds must be a positive integer');

const EDITED_TASK = 'host=${host}\\n`';
const CHANGED_FILE = '/etc/site/host.conf';

/** A site directory with corectl as its dependency and a copy of the example playbook. */
function makeSite(): { dir: string; playbook: string } {
  const dir = mkdtempSync(join(tmpdir(), 'corectl-edit-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules/corectl'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
  mkdirSync(join(dir, 'playbooks'));
  return { dir, playbook: join(dir, 'playbooks/site.ts') };
}

/** The edit: one task's file content gets a new line, as an operator's edit would change it. */
function edit(playbook: string, mark: string): void {
  const source = readFileSync(join(ROOT, 'playbooks/site.ts'), 'utf8');
  if (!source.includes(EDITED_TASK)) throw new Error(`playbooks/site.ts no longer has ${EDITED_TASK}: update bench/edit-loop.ts`);
  writeFileSync(playbook, source.replace(EDITED_TASK, `host=\${host}\\nedit=${mark}\\n\``));
}

/** Seconds since the epoch at which the file last changed on each host. */
function changedAt(inventory: string): number[] {
  const out = execFileSync(process.execPath, [join(ROOT, 'bin/corectl.js'), 'exec', 'all', '-i', inventory, '--', 'stat', '-c', '%.9Y', CHANGED_FILE], { encoding: 'utf8' });
  return [...out.matchAll(/^\S+\s+\| (\d+\.\d+)$/gm)].map((m) => Number(m[1]));
}

interface Round {
  /** From the command to the edit's change on the first host, ms. */
  firstChangeMs: number;
  /** The whole run, ms. */
  runMs: number;
}

function runEdited(site: { playbook: string }, inventory: string, mark: string, extra: string[]): Round {
  edit(site.playbook, mark);
  const started = Date.now();
  const run = spawnSync(process.execPath, [join(ROOT, 'bin/corectl.js'), 'run', site.playbook, '-i', inventory, '--plain', ...extra], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  const runMs = Date.now() - started;
  if (run.status !== 0) throw new Error(`corectl run exited ${run.status}:\n${run.stdout.slice(-3000)}${run.stderr.slice(-2000)}`);
  const first = Math.min(...changedAt(inventory));
  const firstChangeMs = first * 1000 - started;
  if (!(firstChangeMs > 0)) throw new Error(`the edit's change is not on the hosts (${CHANGED_FILE} last changed before the run)`);
  return { firstChangeMs, runMs };
}

async function main(): Promise<void> {
  const cluster = values.inventory ? undefined : await startCluster({ name: 'edit', hosts: 3, log });
  const inventory = values.inventory ? resolve(values.inventory) : cluster!.inventory;
  const site = makeSite();
  try {
    // Warm-up, not measured: the first run converges the fresh hosts and fills the compile cache.
    log('warm-up: converging the hosts');
    runEdited(site, inventory, 'warm-up', []);
    const checked: Round[] = [];
    const unchecked: Round[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      checked.push(runEdited(site, inventory, `${round}-checked`, []));
      unchecked.push(runEdited(site, inventory, `${round}-unchecked`, ['--no-typecheck']));
      log(`round ${round}/${ROUNDS}: first change ${(checked.at(-1)!.firstChangeMs / 1000).toFixed(2)} s after the command (${(unchecked.at(-1)!.firstChangeMs / 1000).toFixed(2)} s without the type check)`);
    }
    const report = render(checked, unchecked);
    process.stdout.write(report);
    writeSection(join(ROOT, 'bench/results/latest.md'), 'edit-loop', report);
    log('written to bench/results/latest.md');
  } finally {
    rmSync(site.dir, { recursive: true, force: true });
    await cluster?.stop();
  }
}

function render(checked: Round[], unchecked: Round[]): string {
  const first = (rounds: Round[]) => formatSeconds(rounds.map((r) => r.firstChangeMs));
  const run = (rounds: Round[]) => formatSeconds(rounds.map((r) => r.runMs));
  return `## The edit loop

${new Date().toISOString().slice(0, 10)}, ${ROUNDS} rounds: the example site (playbooks/site.ts, copied into a site directory that
has corectl as a dependency) edited before every run (one task's file content changes), then
\`corectl run\` on ${values.inventory ? 'the given hosts' : '3 test hosts'} (already converged, so the edit is the one change). "First change" is
from the command to the changed file's mtime on the first host. Median (min–max).

| | first change | whole run |
| --- | --- | --- |
| edited, type-checked | ${first(checked)} | ${run(checked)} |
| edited, --no-typecheck | ${first(unchecked)} | ${run(unchecked)} |

Reproduce: \`npm run bench:edit -- --rounds ${ROUNDS}\`.
`;
}

await main();
