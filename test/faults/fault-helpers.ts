// What the fault tests share: inventories that reach a host another way, the processes of a test
// host seen from the controller, and the real CLI run with its output watched as it comes.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { run } from '../hosts/run-command.ts';
import type { TestHost } from '../hosts/test-host.ts';

export interface InventoryCopy {
  inventory: string;
  knownHosts: string;
}

/**
 * A copy of a cluster's inventory (key and known_hosts beside it) where some hosts are reached at
 * another address and port (a proxy), with their host keys recorded for that address.
 */
export function inventoryCopy(cluster: { inventory: string; knownHosts: string; clientKey: string }, hosts: TestHost[], moved: Record<string, { address: string; port: number }> = {}): InventoryCopy {
  const dir = mkdtempSync(join(tmpdir(), 'corectl-faults-'));
  const inventory = parse(readFileSync(cluster.inventory, 'utf8')) as { hosts: Record<string, Record<string, unknown>>; defaults: Record<string, unknown> };
  let knownHosts = readFileSync(cluster.knownHosts, 'utf8');
  for (const [name, to] of Object.entries(moved)) {
    inventory.hosts[name] = { ...inventory.hosts[name], address: to.address, port: to.port };
    knownHosts += `[${to.address}]:${to.port} ${hosts.find((h) => h.name === name)!.hostKey}\n`;
  }
  copyFileSync(cluster.clientKey, join(dir, 'client_ed25519'));
  writeFileSync(join(dir, 'known_hosts'), knownHosts);
  writeFileSync(join(dir, 'inventory.yaml'), stringify(inventory));
  return { inventory: join(dir, 'inventory.yaml'), knownHosts: join(dir, 'known_hosts') };
}

/** PIDs of a test host's processes (as the controller sees them) whose command line matches. */
export async function hostProcesses(host: TestHost, pattern: RegExp): Promise<number[]> {
  const pids = (await run('ip', ['netns', 'pids', host.netns])).split('\n').filter(Boolean).map(Number);
  return pids.filter((pid) => {
    try {
      return pattern.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim());
    } catch {
      return false; // gone already
    }
  });
}

/** Every descendant of the given processes, read from /proc. */
export function descendants(pids: number[]): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone already
    }
  }
  const all: number[] = [];
  const visit = (pid: number) => (children.get(pid) ?? []).forEach((child) => {
    all.push(child);
    visit(child);
  });
  pids.forEach(visit);
  return all;
}

export interface WatchedRun {
  /** Resolves with the first line of stdout that matches. */
  line(pattern: RegExp): Promise<string>;
  /** Resolves once `count` lines of stdout match. */
  lines(pattern: RegExp, count: number): Promise<void>;
  /** Resolves with the time the first line of stderr that matches arrived. */
  stderrLine(pattern: RegExp): Promise<number>;
  signal(name: NodeJS.Signals): void;
  done: Promise<{ code: number; stdout: string; stderr: string; exitedAt: number }>;
}

/** Starts the real `corectl` with plain output and lets the test act on what it prints. */
export function watchCorectl(args: string[], env: Record<string, string> = {}, options: { pid1?: boolean } = {}): WatchedRun {
  const command = [process.execPath, resolve('bin/corectl.js'), ...args];
  // As PID 1 of its own PID namespace, the way a container runs it: the kernel then delivers only
  // the signals the process has a handler for, so an unhandled SIGTERM would do nothing at all.
  const child = options.pid1
    ? spawn('unshare', ['--pid', '--fork', '--mount-proc', '--kill-child', ...command], { env: { ...process.env, CI: 'true', ...env } })
    : spawn(command[0]!, command.slice(1), { env: { ...process.env, CI: 'true', ...env } });
  const target = () => (options.pid1 ? Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(' ')[0]) : child.pid!);
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const waiter of [...waiters]) {
      const line = stdout.split('\n').find((l) => waiter.pattern.test(l));
      if (line) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  const stderrWaiters: { pattern: RegExp; resolve: (at: number) => void }[] = [];
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const waiter of [...stderrWaiters]) {
      if (!stderr.split('\n').some((l) => waiter.pattern.test(l))) continue;
      stderrWaiters.splice(stderrWaiters.indexOf(waiter), 1);
      waiter.resolve(Date.now());
    }
  });
  const done = new Promise<{ code: number; stdout: string; stderr: string; exitedAt: number }>((resolveDone) => {
    child.on('close', (code, signal) => resolveDone({ code: code ?? (signal ? 128 : 1), stdout, stderr, exitedAt: Date.now() }));
  });
  return {
    line: (pattern) => {
      const found = stdout.split('\n').find((l) => pattern.test(l));
      if (found) return Promise.resolve(found);
      return new Promise((resolveLine, reject) => {
        waiters.push({ pattern, resolve: resolveLine });
        void done.then(() => reject(new Error(`corectl ended without printing a line matching ${pattern}:\n${stdout}\n${stderr}`)));
      });
    },
    lines: async (pattern, count) => {
      let ended = false;
      void done.then(() => (ended = true));
      while (stdout.split('\n').filter((l) => pattern.test(l)).length < count) {
        if (ended) throw new Error(`corectl ended with fewer than ${count} lines matching ${pattern}:\n${stdout}\n${stderr}`);
        await new Promise((resolveTick) => setTimeout(resolveTick, 20));
      }
    },
    stderrLine: (pattern) =>
      new Promise((resolveLine, reject) => {
        stderrWaiters.push({ pattern, resolve: resolveLine });
        void done.then(() => reject(new Error(`corectl ended without printing ${pattern} on stderr:\n${stderr}`)));
      }),
    signal: (name) => process.kill(target(), name),
    done,
  };
}
