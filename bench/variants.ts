// How the benchmarks run each tool: corectl (measured from inside its own process by
// usage-hook.mjs) and ansible-playbook with a given strategy, on a given inventory of test hosts.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { quote } from '../src/connection/shell-quote.ts';

export const ROOT = resolve(import.meta.dirname, '..');
const WORKLOAD = join(ROOT, 'bench/workload');

export type RunKind = 'first' | 'again' | 'check';

export interface Timing {
  ms: number;
  cpuMs?: number;
  maxRssKb?: number;
  /** Most file descriptors open at once (sampled every 100 ms). */
  maxFds?: number;
  /** When each host's last result came, from the run's start (corectl's JSON report). */
  hostFinishMs?: number[];
  /** Hosts the run changed, failed on, or did not reach (corectl's JSON report). */
  changedHosts?: number;
  failedHosts?: number;
  /** Commands run on the hosts (corectl's JSON report). */
  roundTrips?: number;
}

export interface Variant {
  name: string;
  run(kind: RunKind, limit?: string): Promise<Timing>;
}

export const benchLog = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** Installs Debian's ansible-core and ansible-mitogen when missing; returns ansible-playbook's version line. */
export function ensureAnsible(): string {
  // ansible-mitogen: Debian's package of Mitogen's strategy plugins (mitogen_linear), for ansible-core < 2.15.
  // dpkg-query exits 1 for a package it has never heard of: that is "missing" too.
  const installed = (pkg: string) => spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' }).stdout.includes('install ok installed');
  const missing = ['ansible-core', 'ansible-mitogen'].filter((pkg) => !installed(pkg));
  if (missing.length > 0) {
    benchLog(`installing Debian ${missing.join(' and ')} (for the benchmark only)`);
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  return execFileSync('ansible-playbook', ['--version'], { encoding: 'utf8' }).split('\n')[0]!;
}

/**
 * The Python ansible-playbook runs with (its --version says), which is where Mitogen must be:
 * the first python3 on PATH may be another one (a pyenv's, say) that has no Ansible at all.
 */
export function ansiblePython(): string {
  const version = execFileSync('ansible-playbook', ['--version'], { encoding: 'utf8' });
  return /^\s*python version = .*\((\/[^)]+)\)\s*$/m.exec(version)?.[1] ?? 'python3';
}

export function mitogenAvailable(): boolean {
  try {
    execFileSync(ansiblePython(), ['-c', 'import ansible_mitogen.plugins.strategy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Runs a command, returns its wall time; fails loudly on a non-zero exit. */
function timed(command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    // A long run's reason for failing is in its middle (a host unreachable, a task failed), not its tail.
    const problems: string[] = [];
    const keep = (chunk: Buffer) => {
      const text = chunk.toString();
      output = (output + text).slice(-20_000);
      for (const line of text.split('\n')) if (/^(unreach|failed|warning:)/.test(line) && problems.length < 20) problems.push(line);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('close', (code) => {
      if (code === 0) resolvePromise(performance.now() - started);
      else reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${problems.join('\n')}\n...\n${output.slice(-3000)}`));
    });
  });
}

export interface CorectlSetup {
  inventory: string;
  forks: number;
  work: string;
  /** Hosts the run is limited to unless a run names its own (A:B:C). */
  limit?: string;
  /** With the live view in a 120x40 pseudo-terminal (util-linux `script`) instead of --plain. */
  live?: boolean;
}

export function corectlVariant(setup: CorectlSetup): Variant {
  return {
    name: 'corectl',
    async run(kind, limit) {
      const usageFile = join(setup.work, 'usage.json');
      const reportFile = join(setup.work, 'report.json');
      rmSync(usageFile, { force: true });
      rmSync(reportFile, { force: true });
      const args = ['--import', './bench/usage-hook.mjs', 'bin/corectl.js', kind === 'check' ? 'check' : 'run', 'bench/workload/site.ts', '-i', setup.inventory, '--forks', String(setup.forks), '--report', `json=${reportFile}`];
      const only = limit ?? setup.limit;
      if (only) args.push('--limit', only);
      // check exits 0 on a converged fleet: the benchmark's check runs on one.
      const env = { BENCH_USAGE_FILE: usageFile };
      const ms = setup.live
        ? await timed('script', ['-qec', `stty cols 120 rows 40; exec ${[process.execPath, ...args].map(quote).join(' ')}`, '/dev/null'], { ...env, TERM: 'xterm-256color', CI: '' })
        : await timed(process.execPath, [...args, '--plain'], { ...env, CI: 'true' });
      const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { cpuMs: number; maxRssKb: number; maxFds: number };
      const report = existsSync(reportFile) ? (JSON.parse(readFileSync(reportFile, 'utf8')) as JsonReport) : { hosts: {} };
      const hosts = Object.values(report.hosts);
      const hostFinishMs = hosts.map((h) => h.finishedAfterMs ?? 0);
      const changedHosts = hosts.filter((h) => h.counts.changed > 0).length;
      const failedHosts = hosts.filter((h) => h.counts.failed + h.counts.unreachable > 0).length;
      return { ms, ...usage, hostFinishMs, changedHosts, failedHosts, ...(report.roundTrips !== undefined && { roundTrips: report.roundTrips }) };
    },
  };
}

interface JsonReport {
  roundTrips?: number;
  hosts: Record<string, { finishedAfterMs?: number; counts: { changed: number; failed: number; unreachable: number } }>;
}

export interface AnsibleSetup {
  hosts: { name: string; address: string }[];
  clientKey: string;
  knownHosts: string;
  forks: number;
  work: string;
  /** Extra inventory vars for every host (light_host=true on light hosts). */
  vars?: Record<string, string>;
}

export function ansibleVariant(name: string, strategy: string, setup: AnsibleSetup): Variant {
  const dir = join(setup.work, `ansible-${strategy}`);
  mkdirSync(join(dir, 'cp'), { recursive: true });
  const inventory = join(dir, 'hosts.ini');
  const vars = Object.entries(setup.vars ?? {}).map(([key, value]) => `${key}=${value}`);
  writeFileSync(inventory, ['[all]', ...setup.hosts.map((h) => `${h.name} ansible_host=${h.address}`), '', '[all:vars]', 'ansible_user=core', `ansible_ssh_private_key_file=${setup.clientKey}`, 'ansible_python_interpreter=/usr/bin/python3', ...vars, ''].join('\n'));
  const config = join(dir, 'ansible.cfg');
  writeFileSync(config, `[defaults]
forks = ${setup.forks}
host_key_checking = True
strategy = ${strategy}
${strategy === 'mitogen_linear' ? `strategy_plugins = ${strategyPluginsDir()}\n` : ''}retry_files_enabled = False
[ssh_connection]
pipelining = True
ssh_args = -o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile=${setup.knownHosts} -o IdentitiesOnly=yes
control_path_dir = ${join(dir, 'cp')}
`);
  return {
    name,
    async run(kind, limit) {
      const args = [join(WORKLOAD, 'site.yml'), '-i', inventory, ...(kind === 'check' ? ['--check', '--diff'] : []), ...(limit ? ['--limit', limit] : [])];
      return { ms: await timed('ansible-playbook', args, { ANSIBLE_CONFIG: config }) };
    },
  };
}

function strategyPluginsDir(): string {
  return execFileSync(ansiblePython(), ['-c', 'import os, ansible_mitogen.plugins.strategy as s; print(os.path.dirname(s.__file__))'], { encoding: 'utf8' }).trim();
}
