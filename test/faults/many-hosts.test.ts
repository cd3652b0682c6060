// Twelve hosts of their own (more than the forks): every host completes with fewer forks than hosts, without leaking a
// connection or a file descriptor; and Ctrl-C over all of them stops cleanly (a second one at once).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnownHosts } from '../../src/connection/known-hosts.ts';
import { playbook } from '../../src/playbook/dsl.ts';
import { file, shell } from '../../modules/index.ts';
import { startCluster, type TestCluster } from '../hosts/cluster.ts';
import { runInProcess } from '../integration/helpers.ts';
import { watchCorectl } from './fault-helpers.ts';

const HOSTS = 12;
const MARKS = '/var/tmp/corectl-fault-marks';

/** ESTABLISHED TCP connections from this machine to port 22 of the given addresses. */
function sshConnectionsTo(addresses: Set<string>): number {
  const rows = readFileSync('/proc/net/tcp', 'utf8').trim().split('\n').slice(1);
  return rows.filter((row) => {
    const [, , remote, state] = row.trim().split(/\s+/);
    const [hex, port] = remote!.split(':');
    const address = hex!.match(/../g)!.reverse().map((b) => parseInt(b, 16)).join('.');
    return state === '01' && port === '0016' && addresses.has(address);
  }).length;
}

const openFds = () => readdirSync('/proc/self/fd').length;

/** Each host's marks file, read from its disk on the controller: `start N time` / `end N time`. */
function marksOf(cluster: TestCluster): Map<string, { step: number; kind: string; at: number }[]> {
  return new Map(cluster.hosts.map((host) => {
    const path = join(host.dir, 'merged', MARKS);
    const lines = existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n').filter(Boolean) : [];
    return [host.name, lines.map((line) => {
      const [kind, step, at] = line.split(' ');
      return { kind: kind!, step: Number(step), at: Number(at) * 1000 };
    })];
  }));
}

/** Marks of an earlier run must not pass for this run's: the playbook clears them, but an interrupt may come first. */
function clearMarks(cluster: TestCluster): void {
  for (const host of cluster.hosts) rmSync(join(host.dir, 'merged', MARKS), { force: true });
}

describe(`${HOSTS} hosts`, () => {
  let cluster: TestCluster;
  let addresses: Set<string>;

  beforeAll(async () => {
    cluster = await startCluster({ name: 'faults', hosts: HOSTS, log: (line) => console.log(`[fault hosts] ${line}`) });
    addresses = new Set(cluster.hosts.map((h) => h.address));
  }, 600_000);
  afterAll(() => cluster?.stop(), 120_000);

  it('all complete with 8 forks, at most 8 hosts working and 8 connections open at once, one connection per host, nothing left open after', async () => {
    // Each host records when its work step ran; overlapping intervals are remote steps at once.
    const fleet = (round: number) => playbook((p) => p.play('fleet', { hosts: 'nodes', become: true }, (play) => {
      play.task('config', file({ path: '/etc/corectl-fleet.conf', content: 'fleet=1\n' }));
      play.task('work', shell({ script: `s=$(date +%s.%N); sleep 0.2; echo "$s $(date +%s.%N)" > /var/tmp/corectl-fleet-${round}` }));
      play.task('more config', file({ path: '/etc/corectl-fleet2.conf', content: 'fleet=2\n' }));
    }));
    const settings = { knownHosts: await KnownHosts.load([cluster.knownHosts]) };
    const runRound = async (round: number) => {
      let peakConnections = 0;
      const run = await runInProcess(fleet(round), 'fleet', { check: false, diff: false, forks: 8 }, {
        inventory: cluster.inventory,
        settings,
        onEvent: (event) => {
          if (event.kind === 'task-finished') peakConnections = Math.max(peakConnections, sshConnectionsTo(addresses));
        },
      });
      const problems = run.events.flatMap((e) => (e.kind === 'host-unreachable' ? [`${e.host}: ${e.message}`] : e.kind === 'task-finished' && e.result.failed ? [`${e.host} ${e.task}: ${e.result.message}`] : []));
      expect(problems).toEqual([]);
      const intervals = cluster.hosts.map((host) => readFileSync(join(host.dir, 'merged', `/var/tmp/corectl-fleet-${round}`), 'utf8').trim().split(' ').map(Number) as [number, number]);
      const atOnce = Math.max(...intervals.map(([start]) => intervals.filter(([s, e]) => s <= start && start < e).length));
      return { run, peakConnections, atOnce };
    };
    await runRound(0); // warm-up: modules and lazy code loaded once
    await sleep(300);
    const fdsBefore = openFds();
    for (const round of [1, 2]) {
      const { run, peakConnections, atOnce } = await runRound(round);
      expect(Object.keys(run.summary.recap)).toHaveLength(HOSTS);
      for (const counts of Object.values(run.summary.recap)) expect(counts).toMatchObject({ changed: 1, failed: 0, unreachable: 0 });
      expect(atOnce).toBeLessThanOrEqual(8);
      expect(atOnce).toBeGreaterThan(1);
      // --forks bounds open connections too: a host connects when its turn comes, once, and its
      // connection closes when it is done.
      expect(run.stats.connects).toBe(HOSTS);
      expect(peakConnections).toBeLessThanOrEqual(8);
      await sleep(300);
      expect(sshConnectionsTo(addresses)).toBe(0);
      expect(openFds()).toBe(fdsBefore);
    }
  }, 300_000);

  it('Ctrl-C: no new task starts, running ones finish, the recap and report are written, exit 130', async () => {
    clearMarks(cluster);
    const report = join(mkdtempSync(join(tmpdir(), 'corectl-sigint-')), 'report.json');
    const run = watchCorectl(['run', 'test/fixtures/playbooks/fault-steps.ts', '-i', cluster.inventory, '--no-typecheck', '--report', `json=${report}`], { CORECTL_TEST_STEPS: '6', CORECTL_TEST_STEP_SECONDS: '1' });
    // Every host is past step 1 and into step 2: there is something running everywhere.
    await run.lines(/^changed\s+\S+\s+step 1 /, HOSTS);
    const stopping = run.stderrLine(/^stopping \(interrupted by Ctrl-C \(SIGINT\) at [^)]+\): no new tasks start/);
    run.signal('SIGINT');
    // From the moment corectl took the interrupt (its event loop may reach the signal a while after it was sent).
    const interruptedAt = await stopping;
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('no new tasks start; running ones get 30 s to finish (Ctrl-C again stops waiting)');
    expect(result.stdout).toMatch(/^RUN INCOMPLETE: interrupted by Ctrl-C \(SIGINT\) at \S+; \d+ planned tasks on \d+ hosts never ran$/m);
    expect(result.stdout).toMatch(/^RECAP/m);
    const marks = marksOf(cluster);
    let started = 0;
    for (const [host, list] of marks) {
      const starts = list.filter((m) => m.kind === 'start');
      started += starts.length;
      // What was running finished; nothing began after the interrupt. A task corectl started after
      // it would begin on the host once the step running at the interrupt ended: no step starts
      // after a step that ended after the interrupt. (Timestamps alone would not do: on a loaded
      // host a step sent just before the interrupt may begin a while after it.)
      for (const start of starts) expect(list.some((m) => m.kind === 'end' && m.step === start.step), `${host} step ${start.step}`).toBe(true);
      const endedAfter = list.filter((m) => m.kind === 'end' && m.at > interruptedAt);
      for (const start of starts) expect(endedAfter.filter((end) => end.at < start.at), `${host} step ${start.step} began after a step that ended after the interrupt`).toEqual([]);
    }
    expect(started).toBeGreaterThanOrEqual(HOSTS + 1);
    expect(started).toBeLessThan(HOSTS * 6);
    const json = JSON.parse(readFileSync(report, 'utf8'));
    expect(json).toMatchObject({ exitCode: 130, finished: false, stopped: expect.stringMatching(/^interrupted by Ctrl-C \(SIGINT\)/) });
    expect(Object.keys(json.hosts)).toHaveLength(HOSTS);
  }, 120_000);

  it('a second Ctrl-C aborts at once, without waiting for running tasks', async () => {
    clearMarks(cluster);
    const run = watchCorectl(['run', 'test/fixtures/playbooks/fault-steps.ts', '-i', cluster.inventory, '--no-typecheck'], { CORECTL_TEST_STEPS: '2', CORECTL_TEST_STEP_SECONDS: '6' });
    await run.line(/^changed\s+\S+\s+clear marks/);
    await sleep(1500);
    run.signal('SIGINT');
    await sleep(200);
    run.signal('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    const marks = marksOf(cluster);
    const started = [...marks.values()].flat().filter((m) => m.kind === 'start' && m.step === 1).length;
    const ended = [...marks.values()].flat().filter((m) => m.kind === 'end').length;
    expect(started).toBeGreaterThan(0);
    expect(ended).toBe(0);
  }, 120_000);
});
