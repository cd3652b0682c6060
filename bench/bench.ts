// `npm run bench`: corectl against Ansible on the same test hosts and the same 30-task workload,
// and against the physical limit. Prints a table and writes bench/results/latest.md.
//   npm run bench -- [--hosts 10] [--rounds 3] [--scale 50] [--no-ansible] [--keep]
// --hosts: the fleet the variants are compared on; --scale: how far corectl alone is grown (1 to
// N hosts: wall time, CPU and peak memory), which boots that many hosts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startCluster } from '../test/hosts/cluster.ts';
import { physicalLimit } from './physical-limit.ts';
import { everywhere, type BenchHost, type Login } from './remote.ts';
import { writeSection } from './results-page.ts';
import { formatSeconds, median, pairedRatio } from './stats.ts';
import { ansiblePython, ansibleVariant, benchLog, corectlVariant, ensureAnsible, mitogenAvailable, ROOT, type Timing, type Variant } from './variants.ts';

const WORKLOAD = join(ROOT, 'bench/workload');

const { values } = parseArgs({
  options: {
    hosts: { type: 'string', default: '10' },
    scale: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    'no-ansible': { type: 'boolean' },
    keep: { type: 'boolean' },
  },
});
const H = Number(values.hosts);
const ROUNDS = Number(values.rounds);
const SCALE = Number(values.scale ?? values.hosts);
if (!Number.isInteger(H) || H < 1 || H > 60) throw new Error('--hosts must be 1..60');
if (!Number.isInteger(SCALE) || SCALE < H || SCALE > 60) throw new Error('--scale must be --hosts..60');

const log = benchLog;

async function main(): Promise<void> {
  const ansibleVersion = values['no-ansible'] ? undefined : ensureAnsible();
  const mitogen = ansibleVersion !== undefined && mitogenAvailable();
  log(`starting ${SCALE} test hosts (with python3, for Ansible only)`);
  const cluster = await startCluster({ name: 'bench', hosts: SCALE, extraPackages: ['python3'], log });
  const work = mkdtempSync(join(tmpdir(), 'corectl-bench-'));
  const everyHost: BenchHost[] = cluster.hosts;
  // The comparison runs on the first H hosts: every variant is limited to them.
  const hosts = everyHost.slice(0, H);
  const compared = hosts.map((h) => h.name).join(':');
  const login: Login = { user: 'core', privateKey: cluster.clientKey };
  const reset = (subset: BenchHost[] = hosts) => everywhere(subset, login, readFileSync(join(WORKLOAD, 'reset.sh'), 'utf8'));
  try {
    const variants: Variant[] = [corectlVariant({ inventory: cluster.inventory, forks: H, work, limit: compared })];
    if (ansibleVersion) {
      const setup = { hosts, clientKey: cluster.clientKey, knownHosts: cluster.knownHosts, forks: H, work };
      variants.push(ansibleVariant('ansible (pipelining, linear)', 'linear', setup), ansibleVariant('ansible (pipelining, free)', 'free', setup));
      if (mitogen) variants.push(ansibleVariant('ansible (mitogen)', 'mitogen_linear', setup));
    }
    const results = new Map<string, Record<'first' | 'again' | 'check', Timing[]>>(variants.map((v) => [v.name, { first: [], again: [], check: [] }]));
    const limits = { perTask: [] as number[], oneScript: [] as number[] };
    // A warm-up round, not measured: the fleet has just booted, and caches (tsx, the typecheck,
    // sudo, systemd) are cold on the controller and the hosts alike.
    log('warm-up round');
    for (const variant of variants) {
      await reset();
      for (const kind of ['first', 'again', 'check'] as const) await variant.run(kind);
    }
    for (let round = 1; round <= ROUNDS; round++) {
      for (const variant of variants) {
        await reset();
        const timings = results.get(variant.name)!;
        for (const kind of ['first', 'again', 'check'] as const) {
          const timing = await variant.run(kind);
          timings[kind].push(timing);
          log(`round ${round}/${ROUNDS} ${variant.name} ${kind}: ${(timing.ms / 1000).toFixed(2)} s`);
          // The physical limit right after corectl's no-change run, so that each pair meets the
          // machine in the same state (measured at the end of a round, after Ansible's runs, it
          // moved by up to 30% from round to round).
          if (variant === variants[0] && kind === 'again') {
            limits.perTask.push(await physicalLimit(hosts, login, 'per-task'));
            limits.oneScript.push(await physicalLimit(hosts, login, 'one-script'));
            log(`round ${round}/${ROUNDS} physical limit: ${(limits.perTask.at(-1)! / 1000).toFixed(2)} s per task, ${(limits.oneScript.at(-1)! / 1000).toFixed(2)} s one script`);
          }
        }
      }
    }
    const scaling: { hosts: number; first: number; again: number; cpuMs: number; maxRssKb: number }[] = [];
    for (const size of [...new Set([1, 2, 5, 10, 20, 30, 40, 50].filter((n) => n < SCALE).concat(SCALE))]) {
      const subset = everyHost.slice(0, size);
      await reset(subset);
      const limit = subset.map((h) => h.name).join(':');
      const first = await variants[0]!.run('first', limit);
      const again = await variants[0]!.run('again', limit);
      scaling.push({ hosts: size, first: first.ms, again: again.ms, cpuMs: again.cpuMs ?? 0, maxRssKb: Math.max(first.maxRssKb ?? 0, again.maxRssKb ?? 0) });
      log(`scaling ${size} hosts: first ${(first.ms / 1000).toFixed(2)} s, no change ${(again.ms / 1000).toFixed(2)} s`);
    }
    const report = render({ results, limits, scaling, ansibleVersion, mitogen });
    process.stdout.write(report);
    writeSection(join(ROOT, 'bench/results/latest.md'), 'comparison', report);
    log('written to bench/results/latest.md');
  } finally {
    if (!values.keep) await cluster.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

function render(data: {
  results: Map<string, Record<'first' | 'again' | 'check', Timing[]>>;
  limits: { perTask: number[]; oneScript: number[] };
  scaling: { hosts: number; first: number; again: number; cpuMs: number; maxRssKb: number }[];
  ansibleVersion: string | undefined;
  mitogen: boolean;
}): string {
  const ms = (timings: Timing[]) => timings.map((t) => t.ms);
  const corectl = data.results.get('corectl')!;
  const rows = [...data.results.entries()].map(([name, timings]) => {
    const ratio = (kind: 'first' | 'again' | 'check') => (name === 'corectl' ? '1×' : `${pairedRatio(ms(timings[kind]), ms(corectl[kind])).toFixed(1)}×`);
    return `| ${name} | ${formatSeconds(ms(timings.first))} | ${ratio('first')} | ${formatSeconds(ms(timings.again))} | ${ratio('again')} | ${formatSeconds(ms(timings.check))} | ${ratio('check')} |`;
  });
  const all = [...corectl.first, ...corectl.again, ...corectl.check];
  const cpu = median(corectl.again.map((t) => t.cpuMs ?? 0));
  const rss = Math.max(...all.map((t) => t.maxRssKb ?? 0));
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Linux ${execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim()}, Node ${process.version}`;
  return `## Side by side with Ansible

${new Date().toISOString().slice(0, 10)} on ${machine}. ${H} test hosts (systemd-nspawn, Debian 13, sshd), ${ROUNDS} rounds;
the 30-task workload in \`bench/workload/\` (site.ts for corectl, site.yml for Ansible). Each round runs
every variant on a freshly reset fleet: first run (everything changes), second run (nothing changes),
check mode on the converged fleet. Median (min–max) wall time; the ratio is the median of per-round
ratios to corectl. --forks ${H} everywhere.

| variant | first run | vs corectl | no change | vs corectl | check | vs corectl |
| --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

Physical limit, no-change work (one SSH handshake per host, one root shell, then the 30 checks as
30 round trips in a row): **${formatSeconds(data.limits.perTask)}**; corectl's no-change run is
**${pairedRatio(ms(corectl.again), data.limits.perTask).toFixed(1)}×** that. corectl's time includes starting Node and loading the
engine and the (cached) compiled playbook, about 0.2 s on this machine; per task, the subshell
each step runs in on the host (its own exit status, traps and variables), and what the modules
check beyond the bare check (each file's mode, the sysctl.d file behind each sysctl). All 30
checks in one round trip per host: ${formatSeconds(data.limits.oneScript)}.
Round trips per host (corectl's report, fact probe included): ${(['first', 'again', 'check'] as const).map((kind) => `${{ first: 'first run', again: 'no change', check: 'check' }[kind]} ${roundTripsPerHost(corectl[kind])}`).join(', ')}.

corectl controller at ${H} hosts: ${(cpu / 1000).toFixed(2)} s CPU for a no-change run, peak memory ${(rss / 1024).toFixed(0)} MB.

corectl as the fleet grows (one run each; CPU is the no-change run's, memory the peak of both):

| hosts | first run | no change | controller CPU | peak memory |
| --- | --- | --- | --- | --- |
${data.scaling.map((s) => `| ${s.hosts} | ${(s.first / 1000).toFixed(2)} s | ${(s.again / 1000).toFixed(2)} s | ${(s.cpuMs / 1000).toFixed(2)} s | ${(s.maxRssKb / 1024).toFixed(0)} MB |`).join('\n')}

Ansible: ${data.ansibleVersion ?? 'not run (--no-ansible)'}, ssh with pipelining and ControlPersist=60s (so its later
runs reuse warm connections; corectl opens new ones every run), no facts on either side (the
workload uses none; corectl's probe is one more round trip per host), and a sysctl done as lineinfile + handler (Debian's ansible-core has
no sysctl module). Ansible needs Python on the hosts: these test hosts have python3 for this
benchmark only; Fedora CoreOS has none, which is part of the case for corectl.
Mitogen: ${data.mitogen ? "ran (Debian's ansible-mitogen, strategy mitogen_linear)" : `not run: ansible_mitogen cannot be imported by ${ansiblePython()} (Debian's ansible-mitogen provides it)`}.

Reproduce: \`npm run bench -- --hosts ${H} --rounds ${ROUNDS}${SCALE > H ? ` --scale ${SCALE}` : ''}\`.
`;
}

await main();

/** The round trips of a run per host, as the rounds gave them (one number when they agree). */
function roundTripsPerHost(timings: Timing[]): string {
  const seen = [...new Set(timings.map((t) => (t.roundTrips === undefined ? '?' : String(t.roundTrips / H))))];
  return seen.join(' or ');
}
