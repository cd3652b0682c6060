// `npm run bench:profile`: where a run's time goes on the host. One light host, one run at a time
// (corectl's first and no-change runs of the benchmark workload, and the physical limits for
// both), each with strace following the host's sshd: the CPU the host spent (the sshd listener's
// reaped children, user + system) and every program it started. On a machine where starting a
// process costs milliseconds, that count is most of the difference between corectl and the limit.
// Writes its section of bench/results/latest.md.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { lightInventory, startLightCluster } from '../test/hosts/light-cluster.ts';
import { procStatFields } from '../test/hosts/proc-stat.ts';
import { run } from '../test/hosts/run-command.ts';
import { physicalLimit } from './physical-limit.ts';
import { everywhere, type Login } from './remote.ts';
import { writeSection } from './results-page.ts';
import { benchLog as log, corectlVariant, ROOT } from './variants.ts';

const TASKS = 29; // the workload's 30 tasks less the systemd one, skipped on light hosts
const CLOCK_TICKS = 100;

interface Profile {
  name: string;
  wallMs: number;
  hostCpuMs: number;
  programs: Map<string, number>;
  /** Processes made (fork, vfork, clone without CLONE_THREAD): a subshell is one, a program another plus its exec. */
  forks: number;
}

async function main(): Promise<void> {
  const cluster = await startLightCluster({ name: 'prof', hosts: 1, extraPackages: ['python3'], log });
  const host = cluster.hosts[0]!;
  const work = mkdtempSync(join(tmpdir(), 'corectl-profile-'));
  const login: Login = { user: 'core', privateKey: cluster.clientKey };
  const inventory = join(cluster.dir, 'inventory-1.yaml');
  writeFileSync(inventory, lightInventory([host]));
  const corectl = corectlVariant({ inventory, forks: 1, work });
  const reset = () => everywhere([host], login, readFileSync(join(ROOT, 'bench/workload/reset.sh'), 'utf8'));
  const sshd = Number((await run('pgrep', ['-P', String(host.supervisorPid)])).trim());
  const profiles: Profile[] = [];
  const profile = async (name: string, work: () => Promise<unknown>) => profiles.push(await traced(name, sshd, work));
  try {
    await reset();
    await corectl.run('first'); // warm-up: compiled playbook cached, page caches warm
    await corectl.run('again');
    await reset();
    await profile('corectl, first run', () => corectl.run('first'));
    await profile('corectl, no change', () => corectl.run('again'));
    await profile('limit, no change (a round trip per check)', () => physicalLimit([host], login, 'per-task', { light: true }));
    await reset();
    await profile('limit, first run (one script)', () => physicalLimit([host], login, 'first-run', { light: true }));
    await reset();
    await profile('limit, first run, files written safely (temp, sync, mv)', () => physicalLimit([host], login, 'first-run-safe', { light: true }));
    const section = render(profiles);
    process.stdout.write(section);
    writeSection(join(ROOT, 'bench/results/latest.md'), 'profile', section);
  } finally {
    await cluster.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/** Runs `work` with strace on the host's sshd; returns the host's CPU and the programs it started. */
async function traced(name: string, sshd: number, work: () => Promise<unknown>): Promise<Profile> {
  const file = join(tmpdir(), `corectl-profile-${process.pid}.strace`);
  const strace = spawn('strace', ['-f', '-qq', '-e', 'trace=execve,fork,vfork,clone,clone3', '-e', 'signal=none', '-o', file, '-p', String(sshd)], { stdio: 'ignore' });
  await sleep(500); // strace attached
  const before = reapedCpuMs(sshd);
  const started = performance.now();
  await work();
  const wallMs = performance.now() - started;
  await sleep(500); // the session's processes reaped
  const hostCpuMs = reapedCpuMs(sshd) - before;
  strace.kill('SIGINT');
  await new Promise((resolve) => strace.once('close', resolve));
  const { programs, forks } = countProcesses(readFileSync(file, 'utf8'));
  rmSync(file, { force: true });
  log(`${name}: ${(wallMs / 1000).toFixed(2)} s, host CPU ${hostCpuMs} ms, ${[...programs.values()].reduce((a, b) => a + b, 0)} programs started`);
  return { name, wallMs, hostCpuMs, programs, forks };
}

/**
 * Programs started (execve that succeeded) and processes made (fork, vfork, clone without
 * CLONE_THREAD) in strace -f output, where a call another process interrupts is split into an
 * `<unfinished ...>` line and a `<... NAME resumed>` line.
 */
function countProcesses(trace: string): { programs: Map<string, number>; forks: number } {
  const programs = new Map<string, number>();
  let forks = 0;
  const unfinished = new Map<string, string>();
  for (const line of trace.split('\n')) {
    let call: string | undefined;
    let args = '';
    let result = '';
    const started = /^(\d+)\s+(\w+)\((.*) <unfinished \.\.\.>$/.exec(line);
    const resumed = /^(\d+)\s+<\.\.\. (\w+) resumed>(.*)\s+= (-?\d+)/.exec(line);
    const whole = /^(\d+)\s+(\w+)\((.*)\)\s+= (-?\d+)/.exec(line);
    if (started) {
      unfinished.set(started[1]!, started[3]!);
      continue;
    }
    if (resumed) [call, args, result] = [resumed[2], `${unfinished.get(resumed[1]!) ?? ''}${resumed[3]}`, resumed[4]!];
    else if (whole) [call, args, result] = [whole[2], whole[3]!, whole[4]!];
    if (call === 'execve' && result === '0') {
      const program = /^"([^"]+)"/.exec(args)?.[1]?.split('/').at(-1) ?? '?';
      programs.set(program, (programs.get(program) ?? 0) + 1);
    } else if (call && /^(v?fork|clone3?)$/.test(call) && Number(result) > 0 && !args.includes('CLONE_THREAD')) forks++;
  }
  return { programs, forks };
}

/** CPU of the sshd listener's reaped children (every session's processes, once they ended). */
function reapedCpuMs(pid: number): number {
  const fields = procStatFields(pid);
  if (!fields) throw new Error(`the host's sshd (pid ${pid}) is gone`);
  // Fields 16 and 17 of proc(5), cutime and cstime.
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS;
}

// Programs every SSH login starts, whoever logs in: counted apart from the work.
const LOGIN = new Set(['sshd-session', 'sshd-auth', 'unix_chkpwd']);

function render(profiles: Profile[]): string {
  const rows = profiles.map((p) => {
    const total = [...p.programs.values()].reduce((a, b) => a + b, 0);
    const login = [...p.programs].filter(([program]) => LOGIN.has(program)).reduce((a, [, n]) => a + n, 0);
    const top = [...p.programs].filter(([program]) => !LOGIN.has(program)).sort((a, b) => b[1] - a[1]).slice(0, 8).map(([program, n]) => `${program} ${n}`).join(', ');
    return `| ${p.name} | ${(p.wallMs / 1000).toFixed(2)} s | ${p.hostCpuMs} ms | ${total - login} (${((total - login) / TASKS).toFixed(1)} a task) | ${p.forks} | ${top} |`;
  });
  return `## Where the time goes on a host

One light host, one run at a time, strace following its sshd (\`npm run bench:profile\`). Host CPU is
what the host's processes spent (user + system, 10 ms ticks); programs are those the run started
there, its SSH login's own (sshd-session, sshd-auth, unix_chkpwd) left out; processes are every
fork the host made for the run, login included (a subshell or command substitution is one, a program
one more); ${TASKS} tasks.

| run | wall | host CPU | programs started | processes | most started |
| --- | --- | --- | --- | --- | --- |
${rows.join('\n')}
`;
}

await main();
