// A host that reboots on its own while a task runs: the task is reported as interrupted by a
// reboot (told apart from a dropped link), the other hosts carry on, and the next run converges.
import { describe, expect, it } from 'vitest';
import { playbook } from '../../src/playbook/dsl.ts';
import { shell } from '../../modules/index.ts';
import { onHost, runBuiltPlaybook, testCluster } from '../integration/helpers.ts';

// Not corectl's doing: a timer on the first host reboots it a second into the slow task. It is
// armed by the task before (once: the marker survives the reboot), so the reboot lands in the
// slow task however long the run took to get there.
const ARMED = '/var/tmp/corectl-reboot-armed';
const pb = (host: string) => playbook((p) => p.play('long task', { hosts: 'nodes', become: true }, (play) => {
  play.task('arm a reboot', shell({ script: `systemd-run --quiet --on-active=1 --timer-property=AccuracySec=50ms systemctl reboot && touch ${ARMED}`, creates: ARMED }), { when: (ctx) => ctx.host === host });
  play.task('slow write', shell({ script: 'sleep 4; echo done > /var/tmp/corectl-reboot-test', creates: '/var/tmp/corectl-reboot-test' }));
  play.task('after it', shell({ script: 'true' }));
}));

describe('an unexpected reboot during a task', () => {
  const cluster = testCluster();
  const host = cluster.hosts[0]!.name;

  it('is reported as a reboot on that host only, and the next run converges', async () => {
    await Promise.all(cluster.hosts.map((h) => onHost(h.name, `rm -f /var/tmp/corectl-reboot-test ${ARMED}`)));
    const first = await runBuiltPlaybook(pb(host));
    const rebooted = first.results('slow write')[host]!;
    expect(rebooted.result).toMatchObject({ failed: true, message: `${host}: the host rebooted while the task ran (not by corectl); the task may or may not have completed: run again to converge` });
    expect(first.results('after it')[host]).toBeUndefined();
    for (const other of cluster.hosts.slice(1)) expect(first.results('after it')[other.name]!.result.status).toBe('changed');
    expect(first.summary.unreachable).toBe(false);

    const second = await runBuiltPlaybook(pb(host));
    expect(second.summary.failed).toBe(false);
    expect(second.results('slow write')[host]!.result.status).toBe('changed');
    expect(await onHost(host, 'cat /var/tmp/corectl-reboot-test')).toBe('done\n');
  }, 120_000);
});
