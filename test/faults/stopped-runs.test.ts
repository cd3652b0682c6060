// Runs that are told to stop, or cannot finish: SIGTERM (what systemd, podman and Kubernetes send)
// to corectl as PID 1, SIGHUP, a grace time that runs out, a report that cannot be written at the
// end, an option typo in a later play, and Ctrl-C while a rolling reboot waits for a host. Each
// ends with the truth: exit code, recap, reports, and nothing started that should not have been.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reboot, rpmOstree } from '../../modules/index.ts';
import { RunInterrupted } from '../../src/executor/run-interrupted.ts';
import { playbook } from '../../src/playbook/dsl.ts';
import { corectl, onHost, runInProcess, testCluster } from '../integration/helpers.ts';
import { watchCorectl } from './fault-helpers.ts';

const STEPS = 'test/fixtures/playbooks/fault-steps.ts';

describe('runs that stop early', () => {
  const cluster = testCluster();
  const nodes = cluster.hosts.map((h) => h.name);
  const reportsDir = () => mkdtempSync(join(tmpdir(), 'corectl-stopped-'));

  it('SIGTERM to corectl as PID 1: no new task, recap, reports that say the run is incomplete, exit 143', async () => {
    const dir = reportsDir();
    const run = watchCorectl(['run', STEPS, '-i', cluster.inventory, '--no-typecheck', '--report', `json=${dir}/r.json`, '--report', `junit=${dir}/r.xml`], { CORECTL_TEST_STEPS: '4', CORECTL_TEST_STEP_SECONDS: '1' }, { pid1: true });
    await run.lines(/^changed\s+\S+\s+step 1 /, nodes.length);
    run.signal('SIGTERM');
    const result = await run.done;
    expect(result.code).toBe(143);
    expect(result.stderr).toMatch(/^stopping \(interrupted by SIGTERM at \S+\): no new tasks start; running ones get 30 s to finish \(SIGTERM again stops waiting\)$/m);
    expect(result.stdout).toMatch(/^RUN INCOMPLETE: interrupted by SIGTERM at \S+; \d+ planned tasks on 3 hosts never ran$/m);
    expect(result.stdout).toMatch(/^RECAP/m);
    expect(result.stdout).not.toMatch(/step 4/);
    const json = JSON.parse(readFileSync(`${dir}/r.json`, 'utf8'));
    expect(json).toMatchObject({ exitCode: 143, finished: false, stopped: expect.stringMatching(/^interrupted by SIGTERM/) });
    for (const node of nodes) expect(json.hosts[node].notRun).toContainEqual({ play: 'slow steps', task: 'step 4' });
    // CI must not show an interrupted run as green: the tasks that never ran are errors.
    const xml = readFileSync(`${dir}/r.xml`, 'utf8');
    execFileSync('xmllint', ['--noout', `${dir}/r.xml`]);
    expect(xml).toMatch(/<error type="not-run" message="never ran: interrupted by SIGTERM at [^"]+"\/>/);
    expect(Number(/<testsuite name="[^"]+"[^>]* errors="(\d+)"/.exec(xml)![1])).toBeGreaterThan(0);
  }, 120_000);

  it('SIGHUP (the terminal went away) stops it the same way, exit 129', async () => {
    const run = watchCorectl(['run', STEPS, '-i', cluster.inventory, '--no-typecheck'], { CORECTL_TEST_STEPS: '4', CORECTL_TEST_STEP_SECONDS: '1' });
    await run.lines(/^changed\s+\S+\s+step 1 /, nodes.length);
    run.signal('SIGHUP');
    const result = await run.done;
    expect(result.code).toBe(129);
    expect(result.stdout).toMatch(/^RUN INCOMPLETE: interrupted by SIGHUP/m);
  }, 120_000);

  it('SIGTERM while the playbook is still type-checked ends the run within 2 s, with reports that say where it stopped', async () => {
    const dir = reportsDir();
    // A cache of its own: the type check starts from nothing and takes seconds.
    const run = watchCorectl(['run', STEPS, '-i', cluster.inventory, '-v', '--report', `json=${dir}/r.json`], { CORECTL_TEST_STEPS: '2', XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'corectl-cold-')) });
    await run.stderrLine(/^hosts ready; the first task waits for the playbook's type check$/);
    const signalled = Date.now();
    run.signal('SIGTERM');
    const result = await run.done;
    expect(result.code).toBe(143);
    expect(result.exitedAt - signalled).toBeLessThan(2_000);
    const json = JSON.parse(readFileSync(`${dir}/r.json`, 'utf8'));
    expect(json).toMatchObject({ exitCode: 143, finished: false, stopped: expect.stringMatching(/^interrupted by SIGTERM at \S+, before the first task \(the playbook was still being type-checked\)$/) });
    expect(result.stdout).not.toMatch(/step 1/);
  }, 120_000);

  it('SIGTERM while corectl is still starting is kept for the run: it stops at once and its report says so', async () => {
    const dir = reportsDir();
    const run = watchCorectl(['run', STEPS, '-i', cluster.inventory, '--no-typecheck', '--report', `json=${dir}/r.json`], { CORECTL_TEST_STEPS: '2' });
    await new Promise((resolveSoon) => setTimeout(resolveSoon, 300));
    run.signal('SIGTERM');
    const result = await run.done;
    expect(result.code).toBe(143);
    expect(result.stderr).toMatch(/^RUN INCOMPLETE: interrupted by SIGTERM at \S+, before any host was contacted \(while (loading the playbook|reading the inventory)\)$/m);
    expect(JSON.parse(readFileSync(`${dir}/r.json`, 'utf8'))).toMatchObject({ exitCode: 143, finished: false, hosts: {}, playbook: 'fault-steps.ts' });
  }, 120_000);

  it('when the grace time runs out, running tasks are given up on and reported so, and the run still ends with its recap', async () => {
    const run = watchCorectl(['run', STEPS, '-i', cluster.inventory, '--no-typecheck', '--stop-grace', '1'], { CORECTL_TEST_STEPS: '2', CORECTL_TEST_STEP_SECONDS: '20' });
    await run.lines(/^changed\s+\S+\s+clear marks/, nodes.length);
    run.signal('SIGTERM');
    const result = await run.done;
    expect(result.code).toBe(143);
    for (const node of nodes) {
      expect(result.stdout).toMatch(new RegExp(`^failed\\s+${node}\\s+step 1 .*interrupted by SIGTERM at \\S+: corectl stopped waiting for this task; it may or may not have completed on the host$`, 'm'));
    }
    expect(result.stdout).toMatch(/^RECAP/m);
  }, 120_000);

  it('a report that cannot be written at the end does not stop the others, and the exit code stays the run\'s', async () => {
    const dir = reportsDir();
    mkdirSync(`${dir}/json`);
    const run = watchCorectl(['run', STEPS, '-i', cluster.inventory, '--no-typecheck', '--report', `json=${dir}/json/r.json`, '--report', `junit=${dir}/r.xml`], { CORECTL_TEST_STEPS: '1', CORECTL_TEST_STEP_SECONDS: '2' });
    await run.lines(/^changed\s+\S+\s+clear marks/, nodes.length);
    // The directory was there when corectl checked it; now a file is in its place.
    rmSync(`${dir}/json`, { recursive: true });
    writeFileSync(`${dir}/json`, 'not a directory');
    const result = await run.done;
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`^warning: the json report could not be written to ${dir}/json/r\\.json: `, 'm'));
    expect(existsSync(`${dir}/r.xml`)).toBe(true);
  }, 120_000);

  it('an unknown option computed in a later play stops the run before the first play changes anything', async () => {
    await Promise.all(nodes.map((node) => onHost(node, 'rm -f /var/tmp/corectl-preflight-marker')));
    const result = await corectl(['run', 'test/fixtures/playbooks/typo-in-second-play.ts', '-i', cluster.inventory, '--no-typecheck'], { CI: 'true' });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/typo-in-second-play\.ts:\d+:\d+: task "web": podman\.container: unknown option `exce`.* \(for 3 hosts: /);
    expect(result.stdout).not.toMatch(/marker/);
    for (const node of nodes) expect(await onHost(node, 'ls /var/tmp/corectl-preflight-marker 2>&1 || true')).toMatch(/No such file/);
  }, 120_000);

  it('interrupted while a rolling reboot waits: the host that came back is reported back, not failed, and no other host starts', async () => {
    const karg = 'corectl.stoptest=1';
    const roll = playbook((pb) => pb.play('roll', { hosts: 'nodes', serial: 1, maxFailPercentage: 0, become: true }, (play) => {
      const restart = play.handler('reboot', reboot({ timeout: 120 }));
      play.task('kernel argument', rpmOstree.kargs({ present: [karg] }), { notify: [restart] });
    }));
    const abort = new AbortController();
    const run = await runInProcess(roll, 'roll', { check: false, diff: false, forks: 10, signal: abort.signal }, {
      onEvent: (event) => {
        // The reboot began on the first host: interrupt while corectl waits for it.
        if (event.kind === 'task-started' && event.handler) setTimeout(() => abort.abort(new RunInterrupted('SIGINT')), 1500);
      },
    });
    const first = nodes[0]!;
    const rebooted = run.finished.find((e) => e.handler && e.host === first)!;
    expect(rebooted.result).toMatchObject({ status: 'changed', failed: false, message: expect.stringMatching(/back after [\d.]+ s with a new boot id/) });
    expect(run.events.filter((e) => e.kind === 'play-stopped')).toEqual([]);
    const finished = run.events.find((e) => e.kind === 'run-finished')!;
    expect(finished).toMatchObject({ stopped: expect.stringMatching(/^interrupted by Ctrl-C \(SIGINT\)/), rebootRequired: {}, notRun: { [nodes[1]!]: 1, [nodes[2]!]: 1 } });
    expect((await onHost(first, 'rpm-ostree kargs')).trim().split(' ')).toContain(karg);
    // Leave the host as it was: the argument out again, booted.
    const undo = playbook((pb) => pb.play('undo', { hosts: first, become: true }, (play) => {
      const restart = play.handler('reboot', reboot({ timeout: 120 }));
      play.task('kernel argument', rpmOstree.kargs({ absent: [karg] }), { notify: [restart] });
    }));
    expect((await runInProcess(undo, 'undo', { check: false, diff: false, forks: 10 })).summary.failed).toBe(false);
  }, 180_000);
});
