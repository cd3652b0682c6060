// One run per host at a time: two `corectl run`s racing on one host never work on it at once (the
// second waits, saying whose run it waits for, or with --no-wait gives the host up), checks and
// execs share it, and a killed run's lock goes with its connection.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import { corectl, onHost, testCluster, type CliResult } from './helpers.ts';

const PLAYBOOK = 'test/fixtures/playbooks/run-lock.ts';

describe('one run per host at a time', () => {
  const cluster = testCluster();
  const node = cluster.hosts[0]!.name;
  const run = (name: string, seconds: number, extra: string[] = [], command = 'run') =>
    corectl([command, PLAYBOOK, '-i', cluster.inventory, '--plain', '--no-typecheck', ...extra], { CORECTL_TEST_HOSTS: node, CORECTL_LOCK_NAME: name, CORECTL_LOCK_SLEEP: String(seconds) });
  /** The log's lines as [what, name, time]. */
  const log = async () => (await onHost(node, 'cat /var/tmp/corectl-lock.log')).trim().split('\n').map((line) => line.split(' ')).map(([what, name, at]) => ({ what: what!, name: name!, at: Number(at) }));
  beforeEach(async () => {
    for (const host of cluster.hosts) await onHost(host.name, 'rm -f /var/tmp/corectl-lock.log');
  });

  it('lets a second run wait for the first, saying whose run it waits for, and never work beside it', async () => {
    const first = run('A', 4);
    await sleep(1500);
    const second: CliResult = await run('B', 0);
    expect((await first).code).toBe(0);
    expect(second.code).toBe(0);
    expect(second.stdout + second.stderr).toMatch(new RegExp(`${node}: waiting for the run of \\S+@\\S+ \\(pid \\d+\\) since \\S+ to end`));
    const lines = await log();
    const endA = lines.find((l) => l.what === 'end' && l.name === 'A')!;
    const startB = lines.find((l) => l.what === 'start' && l.name === 'B')!;
    expect(startB.at).toBeGreaterThan(endA.at);
  });

  it('gives the host up at once with --no-wait, naming the run that holds it', async () => {
    const first = run('A', 3);
    await sleep(1500);
    const started = Date.now();
    const second = await run('B', 0, ['--no-wait']);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(second.code).toBe(3);
    expect(second.stdout + second.stderr).toMatch(/the run of \S+@\S+ \(pid \d+\) since \S+ holds it; --no-wait gives it up at once/);
    expect((await first).code).toBe(0);
    expect((await log()).map((l) => l.name)).not.toContain('B');
  });

  it('keeps a host it has more work for under --forks: an idle host is not disconnected and left to another run', async () => {
    const [one, two] = cluster.hosts.map((h) => h.name);
    // --forks 1: the second host's connection would disconnect the first, which has a play left.
    const first = corectl(['run', PLAYBOOK, '-i', cluster.inventory, '--plain', '--no-typecheck', '--forks', '1'], {
      CORECTL_TEST_HOSTS: `${one},${two}`, CORECTL_LOCK_NAME: 'A', CORECTL_LOCK_SLEEP: '4', CORECTL_LOCK_PLAYS: '2',
    });
    // Wait until the run works on the second host, then try the first.
    for (let i = 0; i < 100 && !(await onHost(two!, 'cat /var/tmp/corectl-lock.log 2>/dev/null')).includes('start A'); i++) await sleep(200);
    const other = await corectl(['run', PLAYBOOK, '-i', cluster.inventory, '--plain', '--no-typecheck', '--no-wait'], { CORECTL_TEST_HOSTS: one!, CORECTL_LOCK_NAME: 'B', CORECTL_LOCK_SLEEP: '0' });
    expect(other.code).toBe(3);
    expect(other.stdout + other.stderr).toContain('holds it; --no-wait gives it up at once');
    expect((await first).code).toBe(0);
  });

  it('does not wait for itself on a machine the inventory names twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corectl-alias-'));
    const address = cluster.hosts[0]!.address;
    copyFileSync(cluster.clientKey, join(dir, 'client_ed25519'));
    copyFileSync(cluster.knownHosts, join(dir, 'known_hosts'));
    writeFileSync(join(dir, 'inventory.yaml'), readFileSync(cluster.inventory, 'utf8').replace('hosts:\n', `hosts:\n  alias:\n    address: ${address}\n`));
    const both = await corectl(['run', PLAYBOOK, '-i', join(dir, 'inventory.yaml'), '--plain', '--no-typecheck'], { CORECTL_TEST_HOSTS: `${node},alias`, CORECTL_LOCK_NAME: 'S', CORECTL_LOCK_SLEEP: '0' });
    expect(both.code).toBe(0);
    expect(both.stdout + both.stderr).not.toContain('waiting for the run');
    expect((await log()).filter((l) => l.what === 'end')).toHaveLength(2);
  });

  it('lets checks share the host, and a killed run free it', async () => {
    // Two checks at once: neither waits (shell is not run in check mode; the lock is what is tried).
    const [c1, c2] = await Promise.all([run('C1', 0, [], 'check'), run('C2', 0, [], 'check')]);
    expect(c1.stderr + c2.stderr).not.toContain('waiting for the run');
    // A run killed while it holds the host: the next run does not wait for it.
    const killed = spawn(process.execPath, [resolve('bin/corectl.js'), 'run', PLAYBOOK, '-i', cluster.inventory, '--plain', '--no-typecheck'], {
      env: { ...process.env, CORECTL_TEST_HOSTS: node, CORECTL_LOCK_NAME: 'K', CORECTL_LOCK_SLEEP: '30' }, stdio: 'ignore',
    });
    for (let i = 0; i < 50 && !(await onHost(node, 'cat /var/tmp/corectl-lock.log 2>/dev/null')).includes('start K'); i++) await sleep(200);
    killed.kill('SIGKILL');
    const started = Date.now();
    const next = await run('N', 0, ['--no-wait']);
    expect(next.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
