// `npm run bench:scale`: corectl's cost as one controller's fleet grows to 1,000 hosts, on light
// test hosts (sshd only: test/hosts/light-host.ts). At each size, on a freshly reset fleet: the
// first run and the no-change run of the benchmark workload, each against its physical limit
// measured the same way (same hosts, same --forks); wall time, controller CPU, peak memory, peak
// open descriptors, and when each host finished. Ansible (linear, and Mitogen) at one size. Writes
// its section of bench/results/latest.md and bench/results/scale.svg after every size.
//   npm run bench:scale -- [--sizes 10,100,1000,250,500] [--forks 50] [--ansible-at 100] [--strategies mitogen_linear,linear] [--no-ansible] [--no-live] [--keep]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type LightCluster, lightHostsMemoryKb, MAX_LIGHT_HOSTS, startLightCluster } from '../test/hosts/light-cluster.ts';
import { physicalLimit } from './physical-limit.ts';
import { everywhere, type Login } from './remote.ts';
import { writeSection } from './results-page.ts';
import { median } from './stats.ts';
import { logLogChart } from './svg-plot.ts';
import { ansibleVariant, benchLog as log, corectlVariant, ensureAnsible, mitogenAvailable, ROOT, type Timing } from './variants.ts';

const { values } = parseArgs({
  options: {
    // Largest first after the small ones: if a long run has to be cut short, 1,000 is in.
    sizes: { type: 'string', default: '10,100,1000,250,500' },
    forks: { type: 'string', default: '50' },
    'ansible-at': { type: 'string', default: '100' },
    'no-ansible': { type: 'boolean' },
    // Which of Ansible's strategies to run: linear takes longest by far.
    strategies: { type: 'string', default: 'mitogen_linear,linear' },
    'no-live': { type: 'boolean' },
    keep: { type: 'boolean' },
  },
});
const SIZES = values.sizes.split(',').map(Number);
const FORKS = Number(values.forks);
const ANSIBLE_AT = Number(values['ansible-at']);
if (SIZES.some((n) => !Number.isInteger(n) || n < 1 || n > MAX_LIGHT_HOSTS)) throw new Error(`--sizes: host counts from 1 to ${MAX_LIGHT_HOSTS}`);
if (!Number.isInteger(FORKS) || FORKS < 1) throw new Error('--forks must be a positive integer');
const TASKS = 30;
const PAGE = join(ROOT, 'bench/results/latest.md');
const PLOT = join(ROOT, 'bench/results/scale.svg');

interface SizeResult {
  hosts: number;
  first: Timing;
  again: Timing;
  limitFirst: number;
  /** The first-run script again, each file written as corectl writes it (temp file, sync, mv). */
  limitFirstSafe: number;
  limitAgain: number;
  /** The no-change run again with the live view, at the largest size. */
  live?: Timing;
  ansible: { name: string; first: number; again: number }[];
}

async function main(): Promise<void> {
  const ansibleVersion = values['no-ansible'] ? undefined : ensureAnsible();
  const wanted = values.strategies.split(',');
  const strategies = ansibleVersion
    ? [...(mitogenAvailable() ? [['ansible (mitogen)', 'mitogen_linear']] : []), ['ansible (pipelining, linear)', 'linear']].filter(([, strategy]) => wanted.includes(strategy!))
    : [];
  const largest = Math.max(...SIZES);
  // Each size gets a fleet of exactly that many hosts, booted for it: a small size is then measured
  // as a fleet of that size would be, with no idle hosts on its bridge and the machine.
  let hostCost = { hosts: 0, bootMs: 0, pssKb: 0 };
  const work = mkdtempSync(join(tmpdir(), 'corectl-scale-'));
  const results: SizeResult[] = [];
  /** Sizes whose runs failed: said on the page, never passed off as measurements. */
  const failures: string[] = [];
  let warmedUp = false;
  try {
    for (const size of SIZES) {
      const cluster = await startLightCluster({ hosts: size, extraPackages: ['python3'], log });
      try {
        const pssKb = (await lightHostsMemoryKb(cluster.hosts)) / size;
        log(`light hosts: ${(cluster.bootMs / 1000).toFixed(0)} s to boot ${size}; ${(pssKb / 1024).toFixed(2)} MB each (PSS)`);
        if (size >= hostCost.hosts) hostCost = { hosts: size, bootMs: cluster.bootMs, pssKb };
        await measureSize(cluster, size);
      } catch (error) {
        const lines = (error as Error).message.split('\n').filter((line) => /^(unreach|failed|warning:)|run at/.test(line)).slice(0, 5);
        failures.push(`${size} hosts: ${lines.join('; ') || (error as Error).message.split('\n')[0]}`);
        log(`${size} hosts: FAILED: ${(error as Error).message}`);
      } finally {
        if (!values.keep || size !== SIZES.at(-1)) await cluster.stop();
      }
      writeSection(PAGE, 'scale', render(results, failures, hostCost, ansibleVersion));
      writeFileSync(PLOT, plot(results));
    }
    log(`written to ${PAGE} and ${PLOT}`);
    if (failures.length > 0) process.exitCode = 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  async function measureSize(cluster: LightCluster, size: number): Promise<void> {
    const login: Login = { user: 'core', privateKey: cluster.clientKey };
    const hosts = cluster.hosts;
    const reset = () => everywhere(hosts, login, readFileSync(join(ROOT, 'bench/workload/reset.sh'), 'utf8'));
    const inventory = cluster.inventory; // every host of the cluster, as the cluster wrote it
    const corectl = corectlVariant({ inventory, forks: FORKS, work });
    const limitOptions = { concurrency: FORKS, light: true };
    if (!warmedUp) {
      // Warm-up, not measured: the compiled and type-checked playbook cached, page caches warm.
      await reset();
      await corectl.run('first');
      warmedUp = true;
    }
    await reset();
    const first = expectRun(await corectl.run('first'), size, 'first');
    const again = expectRun(await corectl.run('again'), size, 'again');
    log(`${size} hosts: first run ${(first.ms / 1000).toFixed(1)} s, no change ${(again.ms / 1000).toFixed(1)} s`);
    const limitAgain = await physicalLimit(hosts, login, 'per-task', limitOptions);
    const live = size === largest && !values['no-live'] ? expectRun(await corectlVariant({ inventory, forks: FORKS, work, live: true }).run('again'), size, 'again') : undefined;
    await reset();
    const limitFirst = await physicalLimit(hosts, login, 'first-run', limitOptions);
    await reset();
    const limitFirstSafe = await physicalLimit(hosts, login, 'first-run-safe', limitOptions);
    log(`${size} hosts: limits ${(limitFirst / 1000).toFixed(1)} s first (${(limitFirstSafe / 1000).toFixed(1)} s writing safely), ${(limitAgain / 1000).toFixed(1)} s no change`);
    const ansible: SizeResult['ansible'] = [];
    if (size === ANSIBLE_AT) {
      for (const [name, strategy] of strategies) {
        const variant = ansibleVariant(name!, strategy!, { hosts, clientKey: cluster.clientKey, knownHosts: cluster.knownHosts, forks: FORKS, work, vars: { light_host: 'true' } });
        await reset();
        const firstMs = (await variant.run('first')).ms;
        const againMs = (await variant.run('again')).ms;
        ansible.push({ name: name!, first: firstMs, again: againMs });
        log(`${size} hosts: ${name} first ${(firstMs / 1000).toFixed(1)} s, no change ${(againMs / 1000).toFixed(1)} s`);
      }
    }
    results.push({ hosts: size, first, again, limitFirst, limitFirstSafe, limitAgain, live, ansible });
    results.sort((a, b) => a.hosts - b.hosts);
  }
}

/** A run that did not do the work is not a measurement: every host changed on the first run, none after. */
function expectRun(timing: Timing, size: number, kind: 'first' | 'again'): Timing {
  const wanted = kind === 'first' ? size : 0;
  if (timing.failedHosts || timing.changedHosts !== wanted) throw new Error(`${kind} run at ${size} hosts: ${timing.changedHosts} hosts changed (expected ${wanted}), ${timing.failedHosts} failed or unreachable`);
  return timing;
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (kb = 0) => `${(kb / 1024).toFixed(0)} MB`;

/** Per-host finish times of a run: earliest, median and last, in seconds. */
function spread(timing: Timing): string {
  const finish = timing.hostFinishMs ?? [];
  if (finish.length === 0) return '–';
  return `${(Math.min(...finish) / 1000).toFixed(1)} / ${(median(finish) / 1000).toFixed(1)} / ${(Math.max(...finish) / 1000).toFixed(1)}`;
}

function render(results: SizeResult[], failures: string[], hostCost: { hosts: number; bootMs: number; pssKb: number }, ansibleVersion: string | undefined): string {
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Linux ${execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim()}, Node ${process.version}`;
  const largest = results.at(-1)!;
  const rows = results.map((r) => {
    const cpuPerTask = (t: Timing) => `${(((t.cpuMs ?? 0) / (r.hosts * TASKS)) * 1000).toFixed(0)} µs`;
    return `| ${r.hosts} | ${s(r.first.ms)} | ${s(r.limitFirst)} | ${(r.first.ms / r.limitFirst).toFixed(2)}× | ${s(r.limitFirstSafe)} | ${(r.first.ms / r.limitFirstSafe).toFixed(2)}× | ${s(r.again.ms)} | ${s(r.limitAgain)} | ${(r.again.ms / r.limitAgain).toFixed(2)}× | ${s(r.first.cpuMs ?? 0)} / ${s(r.again.cpuMs ?? 0)} | ${cpuPerTask(r.first)} / ${cpuPerTask(r.again)} | ${mb(Math.max(r.first.maxRssKb ?? 0, r.again.maxRssKb ?? 0))} | ${Math.max(r.first.maxFds ?? 0, r.again.maxFds ?? 0)} | ${spread(r.again)} |`;
  });
  const ansibleRows = results.flatMap((r) => r.ansible.map((a) => `| ${a.name} | ${r.hosts} | ${s(a.first)} | ${(a.first / r.first.ms).toFixed(1)}× | ${s(a.again)} | ${(a.again / r.again.ms).toFixed(1)}× |`));
  const live = largest.live
    ? `The live view at ${largest.hosts} hosts (the no-change run again, in a 120x40 pseudo-terminal instead of --plain): ${s(largest.live.ms)} wall, ${s(largest.live.cpuMs ?? 0)} controller CPU against ${s(largest.again.cpuMs ?? 0)} with plain output — the view's share is ${s(Math.max(0, (largest.live.cpuMs ?? 0) - (largest.again.cpuMs ?? 0)))} of CPU; peak memory ${mb(largest.live.maxRssKb)}.`
    : '';
  return `## As the fleet grows: 10 to 1,000 hosts

${new Date().toISOString().slice(0, 10)} on ${machine}. Light test hosts (\`test/hosts/light-host.ts\`): one sshd
each in network, mount, UTS and PID namespaces of its own, chrooted into an overlay over the shared
test-host root (real sh, coreutils, sudo, the same \`core\` user and host keys), no systemd. One
costs ${(hostCost.pssKb / 1024).toFixed(2)} MB of memory idle (PSS of its processes, shared pages split) and ${hostCost.hosts} booted in ${s(hostCost.bootMs)}. With no systemd, the workload's one systemd task (\`unit running\`)
is skipped on these hosts (\`when: light_host\`), so 29 of the 30 tasks run; the unit file is still written.
Debian's pam_motd scripts are off on them (a cost of Debian's logins, not of SSH; Fedora CoreOS shows
static motd files). The hosts run on the same 2 CPUs as the controller: every figure includes their
sshd, sudo and shell work, which is most of it.

One run of each at each size, \`--forks ${FORKS}\` (corectl's default), on a fleet of exactly that many
hosts booted for the size (no idle hosts beside it) and reset before each run. The
physical limit is measured the same way: the same hosts, ${FORKS} at a time, one SSH handshake and one
sudo per host; for the first run one script making all the changes, and the same script writing
each file as corectl does (temp file, \`sync\`, \`mv\`: a crash leaves the old content or the new,
never a mix; "safe limit"), for the no-change run the 29 checks as one round trip each in one root shell. CPU: controller CPU time (user + system) of the
first / no-change run, and that per host-task. Memory and descriptors: the controller's peak over both
runs. Finish: when hosts finished the no-change run (first / median / last host, from the run's start);
hosts take their turns in inventory order, ${FORKS} under way at a time, so the spread is the queue
and the last host's finish is the run's end.

| hosts | first run | limit | ratio | safe limit | ratio | no change | limit | ratio | CPU | CPU per host-task | peak memory | peak fds | finish (s) |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

![corectl and the physical limit, 10 to 1,000 hosts](scale.svg)

${ansibleRows.length > 0 ? `Ansible on the same light hosts (${ansibleVersion}; ssh with pipelining and ControlPersist, forks ${FORKS}, the same workload as site.yml with the same task skipped):

| variant | hosts | first run | vs corectl | no change | vs corectl |
| --- | --- | --- | --- | --- | --- |
${ansibleRows.join('\n')}
` : 'Ansible: not run at these sizes.'}

${live}
${failures.length > 0 ? `\nRuns that failed, so not measured:\n\n${failures.map((f) => `- ${f}`).join('\n')}\n` : ''}
Reproduce: \`npm run bench:scale -- --sizes ${SIZES.join(',')} --forks ${FORKS}\`.
`;
}

function plot(results: SizeResult[]): string {
  const series = (label: string, colour: string, y: (r: SizeResult) => number, dashed = false) => ({ label, colour, dashed, points: results.map((r) => ({ x: r.hosts, y: y(r) / 1000 })) });
  return logLogChart({
    title: `corectl against the physical limit (--forks ${FORKS}, light hosts)`,
    xLabel: 'hosts',
    yLabel: 'wall time (s)',
    series: [
      series('corectl first run', '#c0392b', (r) => r.first.ms),
      series('limit, first run', '#c0392b', (r) => r.limitFirst, true),
      series('corectl no change', '#2471a3', (r) => r.again.ms),
      series('limit, no change', '#2471a3', (r) => r.limitAgain, true),
    ],
  });
}

await main();
