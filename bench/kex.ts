// `npm run bench:kex`: what the post-quantum key exchange and the run lock cost, on light test
// hosts (sshd of OpenSSH 10 only: test/hosts/light-host.ts). Two measurements, each variant
// interleaved with the others so that the machine's drift falls on all of them alike:
// - handshakes: N hosts (at most 50 at once, as --forks) connect, authenticate and run `true`, offering
//   mlkem768x25519-sha256 (corectl's default) or curve25519-sha256 only; wall time and the
//   controller's CPU per host, at 10 and 100 hosts;
// - the benchmark workload's no-change run at 100 hosts (--forks 50): classical exchange without
//   the run lock (corectl before this round), post-quantum without it, post-quantum with it (now).
// Writes its section of bench/results/latest.md.
//   npm run bench:kex -- [--hosts 100] [--reps 5] [--runs-only]
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import PQueue from 'p-queue';
import { ConnectionPool } from '../src/connection/connection-pool.ts';
import { DEFAULT_CONNECTION_SETTINGS, type ConnectionSettings } from '../src/connection/connection-target.ts';
import { KnownHosts } from '../src/connection/known-hosts.ts';
import { PQ_KEX } from '../src/connection/post-quantum.ts';
import type { RunLockSettings } from '../src/connection/run-lock.ts';
import { targetFromInventory } from '../src/connection/target-from-inventory.ts';
import { runPlaybook } from '../src/executor/run-playbook.ts';
import { loadInventory } from '../src/inventory/load-inventory.ts';
import { loadPlaybook } from '../src/playbook/load-playbook.ts';
import { startLightCluster, type LightCluster } from '../test/hosts/light-cluster.ts';
import { writeSection } from './results-page.ts';
import { median } from './stats.ts';
import { benchLog as log, ROOT } from './variants.ts';

const { values } = parseArgs({ options: { hosts: { type: 'string', default: '100' }, reps: { type: 'string', default: '5' }, 'runs-only': { type: 'boolean' } } });
const HOSTS = Number(values.hosts);
const REPS = Number(values.reps);
const CLASSICAL = 'curve25519-sha256';
const PAGE = join(ROOT, 'bench/results/latest.md');

interface Sample { wallMs: number; cpuMs: number }

const LOCK: RunLockSettings = { mode: 'exclusive', wait: true, onWait: () => {}, onUnlocked: (host, why) => { throw new Error(`${host}: no run lock: ${why}`); } };

async function settingsFor(cluster: LightCluster, kex: string, lock: boolean): Promise<ConnectionSettings> {
  return {
    ...DEFAULT_CONNECTION_SETTINGS,
    knownHosts: await KnownHosts.load([cluster.knownHosts]),
    warn: () => {},
    offerKex: [kex],
    ...(lock && { runLock: LOCK }),
  };
}

/** Wall time and this process's CPU (all its threads) for `work`. */
async function measured(work: () => Promise<void>): Promise<Sample> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await work();
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

async function handshakes(cluster: LightCluster, count: number, kex: string): Promise<Sample> {
  const inventory = await loadInventory(cluster.inventory);
  const targets = cluster.hosts.slice(0, count).map((h) => targetFromInventory(inventory, h.name, []));
  const pool = new ConnectionPool(await settingsFor(cluster, kex, false));
  try {
    return await measured(async () => {
      // At most --forks' default of 50 at once, as a run connects.
      const queue = new PQueue({ concurrency: 50 });
      await Promise.all(targets.map((target) => queue.add(async () => {
        const result = await pool.get(target).exec('true');
        if (result.exitCode !== 0) throw new Error(`${target.name}: true exited ${result.exitCode}`);
      })));
    });
  } finally {
    await pool.closeAll();
  }
}

async function noChangeRun(cluster: LightCluster, kex: string, lock: boolean): Promise<Sample> {
  const inventory = await loadInventory(cluster.inventory);
  const playbook = await loadPlaybook(join(ROOT, 'bench/workload/site.ts'), { typecheck: false });
  const pool = new ConnectionPool(await settingsFor(cluster, kex, lock));
  let changed = 0;
  let failed = 0;
  try {
    const sample = await measured(async () => {
      await runPlaybook({
        playbook, name: 'site.ts', inventory, pool, sshConfig: [],
        options: { check: false, diff: false, forks: 50 },
        emit: (event) => {
          if (event.kind === 'task-finished' && event.result.changed) changed++;
          if ((event.kind === 'task-finished' && event.result.failed) || event.kind === 'host-unreachable') failed++;
        },
      });
    });
    if (failed > 0) throw new Error(`${failed} tasks failed or hosts unreachable`);
    return { ...sample, ...(changed > 0 && { changed }) };
  } finally {
    await pool.closeAll();
  }
}

/** Runs each variant REPS times, round-robin, and gives each one's median wall and CPU. */
async function interleaved<V extends string>(variants: Record<V, () => Promise<Sample>>): Promise<Record<V, Sample>> {
  const samples = Object.fromEntries(Object.keys(variants).map((v) => [v, [] as Sample[]])) as unknown as Record<V, Sample[]>;
  for (let rep = 0; rep < REPS; rep++) {
    for (const [name, run] of Object.entries(variants) as [V, () => Promise<Sample>][]) samples[name].push(await run());
  }
  return Object.fromEntries(Object.entries(samples).map(([name, list]) => [name, {
    wallMs: median((list as Sample[]).map((s) => s.wallMs)),
    cpuMs: median((list as Sample[]).map((s) => s.cpuMs)),
  }])) as Record<V, Sample>;
}

const fmt = (ms: number) => ms.toFixed(ms < 10 ? 2 : 0);
const pct = (now: number, before: number) => `${now >= before ? '+' : ''}${(((now - before) / before) * 100).toFixed(1)}%`;

const cluster = await startLightCluster({ name: 'kex', hosts: HOSTS, log });
try {
  const lines = [
    '## Key exchange and run lock',
    '',
    `\`npm run bench:kex\` on ${new Date().toISOString().slice(0, 10)}: light hosts (OpenSSH 10.0's sshd), medians of ${REPS} interleaved runs; controller CPU is all of corectl's threads.`,
    '',
    '| hosts | key exchange | wall (ms) | controller CPU (ms) | CPU per host (ms) |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const count of values['runs-only'] ? [] : [10, HOSTS]) {
    await handshakes(cluster, count, PQ_KEX); // warm-up: JIT, the hosts' sshd pages
    log(`handshakes of ${count} hosts`);
    const r = await interleaved({ pq: () => handshakes(cluster, count, PQ_KEX), classical: () => handshakes(cluster, count, CLASSICAL) });
    for (const [name, kex] of [['classical', CLASSICAL], ['pq', PQ_KEX]] as const) {
      lines.push(`| ${count} | ${kex} | ${fmt(r[name].wallMs)} | ${fmt(r[name].cpuMs)} | ${fmt(r[name].cpuMs / count)} |`);
    }
  }
  log(`converging ${HOSTS} hosts for the no-change runs`);
  await noChangeRun(cluster, PQ_KEX, true).catch(() => undefined);
  const converged = await noChangeRun(cluster, PQ_KEX, true);
  if ('changed' in converged) throw new Error('the workload does not converge: its second run changed something');
  log(`no-change runs of ${HOSTS} hosts`);
  const runs = await interleaved({
    before: () => noChangeRun(cluster, CLASSICAL, false),
    pq: () => noChangeRun(cluster, PQ_KEX, false),
    now: () => noChangeRun(cluster, PQ_KEX, true),
  });
  lines.push(
    '',
    `No-change run of the benchmark workload (30 tasks) at ${HOSTS} hosts, --forks 50:`,
    '',
    '| variant | wall (ms) | vs. classical, no lock | controller CPU (ms) |',
    '| --- | --- | --- | --- |',
    `| ${CLASSICAL}, no run lock (before) | ${fmt(runs.before.wallMs)} | | ${fmt(runs.before.cpuMs)} |`,
    `| ${PQ_KEX}, no run lock | ${fmt(runs.pq.wallMs)} | ${pct(runs.pq.wallMs, runs.before.wallMs)} | ${fmt(runs.pq.cpuMs)} |`,
    `| ${PQ_KEX}, run lock (now) | ${fmt(runs.now.wallMs)} | ${pct(runs.now.wallMs, runs.before.wallMs)} | ${fmt(runs.now.cpuMs)} |`,
  );
  // --runs-only measures the runs again without the handshakes: printed, the page left as it is.
  if (!values['runs-only']) {
    writeSection(PAGE, 'kex', lines.join('\n'));
    log(`written to ${PAGE}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await cluster.stop();
}
