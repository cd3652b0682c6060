// Shared helpers of the integration suite: the started test hosts, running the real corectl
// CLI, and direct connections with the suite's key and known_hosts.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolve } from 'node:path';
import { inject } from 'vitest';
import { ConnectionPool } from '../../src/connection/connection-pool.ts';
import { DEFAULT_CONNECTION_SETTINGS, type ConnectionSettings, type ConnectionTarget } from '../../src/connection/connection-target.ts';
import { KnownHosts } from '../../src/connection/known-hosts.ts';
import type { RunEvent } from '../../src/executor/events.ts';
import type { RunOptions } from '../../src/executor/run-options.ts';
import { runPlaybook } from '../../src/executor/run-playbook.ts';
import { loadInventory } from '../../src/inventory/load-inventory.ts';
import { loadPlaybook } from '../../src/playbook/load-playbook.ts';
import { playbook } from '../../src/playbook/dsl.ts';
import type { Playbook, TaskMeta } from '../../src/playbook/playbook-types.ts';
import type { ModuleCall } from '../../src/module-api/define-module.ts';

export function testCluster() {
  return inject('cluster');
}

/** A test host of each flavor: Debian's shells and tools, and Fedora CoreOS's (bash, gawk). */
export function hostsOfEachFlavor(): { flavor: string; name: string }[] {
  const hosts = testCluster().hosts;
  return (['debian', 'coreos'] as const).map((flavor) => ({ flavor, name: hosts.find((h) => (h.flavor ?? 'debian') === flavor)!.name }));
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const BIN = resolve('bin/corectl.js');

/** Runs the real `corectl` command line, as a user would. */
export function corectl(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

export function targetFor(name: string, overrides: Partial<ConnectionTarget> = {}): ConnectionTarget {
  const cluster = testCluster();
  const host = [...cluster.hosts, ...(cluster.hidden ? [cluster.hidden] : [])].find((h) => h.name === name);
  if (!host) throw new Error(`no test host ${name}`);
  const jump = host === cluster.hidden ? { jump: targetFor(cluster.hosts[0]!.name) } : {};
  return { name, address: host.address, port: 22, user: 'core', identityFiles: [cluster.clientKey], ...jump, ...overrides };
}

export async function testSettings(overrides: Partial<ConnectionSettings> = {}): Promise<ConnectionSettings> {
  // A suite with hosts of its own gives their known hosts (the shared cluster may not be there).
  return {
    ...DEFAULT_CONNECTION_SETTINGS,
    knownHosts: overrides.knownHosts ?? await KnownHosts.load([testCluster().knownHosts]),
    warn: () => {},
    ...overrides,
  };
}

export async function withPool<T>(settings: ConnectionSettings, use: (pool: ConnectionPool) => Promise<T>): Promise<T> {
  const pool = new ConnectionPool(settings);
  try {
    return await use(pool);
  } finally {
    await pool.closeAll();
  }
}

/** Where a run's hosts are and how to reach them, when not the suite's own inventory. */
export interface RunTargets {
  inventory?: string;
  settings?: Partial<ConnectionSettings>;
  /** Sees each event as it happens (a fault test acts on them). */
  onEvent?: (event: RunEvent) => void;
}

/** Runs a playbook in-process against the test hosts and collects every event. */
export async function runInProcess(pb: Playbook, name: string, options: RunOptions, targets: RunTargets = {}) {
  const inventory = await loadInventory(targets.inventory ?? testCluster().inventory);
  const pool = new ConnectionPool(await testSettings(targets.settings));
  const events: RunEvent[] = [];
  try {
    const emit = (event: RunEvent) => {
      events.push(event);
      targets.onEvent?.(event);
    };
    const summary = await runPlaybook({ playbook: pb, name, inventory, pool, sshConfig: [], options, emit });
    const finished = events.filter((e): e is Extract<RunEvent, { kind: 'task-finished' }> => e.kind === 'task-finished');
    return { events, summary, finished, stats: pool.stats() };
  } finally {
    await pool.closeAll();
  }
}

/** Runs a playbook file against the test hosts. */
export async function runPlaybookFile(path: string, options: Partial<RunOptions> = {}) {
  const run = await runInProcess(await loadPlaybook(path, { typecheck: false }), path, { check: false, diff: false, forks: 50, ...options });
  return {
    ...run,
    /** task-finished events of a task, by host. */
    results: (task: string) => Object.fromEntries(run.finished.filter((e) => e.task === task).map((e) => [e.host, e])),
  };
}

/** Runs a playbook built in the test (with playbook()) against the test hosts. */
export async function runBuiltPlaybook(pb: Playbook, options: Partial<RunOptions> = {}) {
  const run = await runInProcess(pb, 'built', { check: false, diff: true, forks: 50, ...options });
  return {
    ...run,
    results: (task: string) => Object.fromEntries(run.finished.filter((e) => e.task === task).map((e) => [e.host, e])),
  };
}

/** Runs a shell command on a test host as root and returns its stdout. */
export async function onHost(name: string, command: string): Promise<string> {
  return withPool(await testSettings(), async (pool) => (await pool.get(targetFor(name)).exec(command, { become: true })).stdout);
}

/** Runs tasks (module calls) on test hosts as a one-play playbook built in the test. */
export async function runTasks(hosts: string, tasks: [name: string, call: ModuleCall, meta?: TaskMeta][], options: Partial<RunOptions> = {}, become = true) {
  const pb = playbook((p) => p.play('tasks', { hosts, become, gatherFacts: false }, (play) => tasks.forEach(([name, call, meta]) => play.task(name, call, meta))));
  const run = await runInProcess(pb, 'tasks', { check: false, diff: true, forks: 50, ...options });
  return { ...run, statuses: run.finished.map((e) => `${e.task}: ${e.result.status}${e.result.failed ? ` (${e.result.message})` : ''}`) };
}

/**
 * A copy of the test inventory (with its key and known_hosts) plus a host `ghost` at an unused
 * address of the test subnet: nothing answers there, so it is unreachable. `inNodes` also puts
 * it in the `nodes` group.
 */
export function inventoryWithGhost(lastOctet: number, options: { inNodes?: boolean } = {}): string {
  const cluster = testCluster();
  const dir = mkdtempSync(join(tmpdir(), 'corectl-ghost-'));
  const prefix = cluster.hosts[0]!.address.split('.').slice(0, 3).join('.');
  let inventory = readFileSync(cluster.inventory, 'utf8').replace('hosts:\n', `hosts:\n  ghost:\n    address: ${prefix}.${lastOctet}\n`);
  if (options.inNodes) inventory = inventory.replace('    hosts:\n      -', '    hosts:\n      - ghost\n      -');
  copyFileSync(cluster.clientKey, join(dir, 'client_ed25519'));
  copyFileSync(cluster.knownHosts, join(dir, 'known_hosts'));
  writeFileSync(join(dir, 'inventory.yaml'), inventory);
  return join(dir, 'inventory.yaml');
}
