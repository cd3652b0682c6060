// waitForConnection against a real sshd that is stopped and comes back: the task waits and is ok;
// a host that stays away fails the task when the time is up, with the last connection error; a
// host down when the run begins is left to the wait, and a later play that gathers facts does.
import { describe, expect, it } from 'vitest';
import { playbook } from '../../src/index.ts';
import { file, waitForConnection } from '../../modules/index.ts';
import { onHost, runBuiltPlaybook, runTasks, testCluster } from './helpers.ts';

describe('waitForConnection', () => {
  const cluster = testCluster();
  const node = cluster.hosts[1]!;
  // sshd stops now (sessions already open stay) and starts again `after` seconds later, by systemd.
  const sshdAway = (after: number) => onHost(node.name, `systemctl stop ssh.socket ssh.service 2>/dev/null; systemd-run --on-active=${after} --unit=corectl-ssh-back-${Date.now()} systemctl start ssh.service >/dev/null 2>&1`);

  it('waits while sshd is away and is ok once the host answers; a later play gathers the facts', async () => {
    await sshdAway(4);
    const started = Date.now();
    const pb = playbook((p) => {
      p.play('new hosts', { hosts: node.name, gatherFacts: false }, (play) => { play.task('answers', waitForConnection({ timeout: 60 })); });
      p.play('configure', { hosts: node.name, become: true }, (play) => {
        play.task('os recorded', file(({ facts }) => ({ path: '/var/tmp/corectl-os', content: `${facts.os.id}\n` })));
      });
    });
    const run = await runBuiltPlaybook(pb);
    expect(run.finished.map((e) => `${e.task}: ${e.result.status}`)).toEqual(['answers: ok', 'os recorded: changed']);
    expect(Date.now() - started).toBeGreaterThan(3000);
    expect(await onHost(node.name, 'cat /var/tmp/corectl-os')).toBe('debian\n');
  });

  it('fails when the host stays away past the timeout, saying why', async () => {
    await sshdAway(7);
    const run = await runTasks(node.name, [['answers', waitForConnection({ timeout: 3, sleep: 1 })]]);
    expect(run.statuses).toHaveLength(1);
    expect(run.statuses[0]).toMatch(new RegExp(`^answers: failed \\(timed out waiting for the connection after \\d+ s: ${node.name} \\(.*\\): .*refused`, 'i'));
    // The next try, once sshd is back, is ok.
    expect((await runTasks(node.name, [['answers', waitForConnection({ timeout: 60 })]])).statuses).toEqual(['answers: ok']);
  });

  it('in check mode it waits too (it only looks)', async () => {
    expect((await runTasks(node.name, [['answers', waitForConnection({ timeout: 10 })]], { check: true })).statuses).toEqual(['answers: ok']);
  });
});
