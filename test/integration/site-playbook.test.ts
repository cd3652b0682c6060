// The example site end to end: converge, idempotence, truthful check mode, drift exit code.
import { describe, expect, it } from 'vitest';
import { corectl, onHost, runPlaybookFile, testCluster } from './helpers.ts';

const SITE = 'playbooks/site.ts';

function changedTasks(run: Awaited<ReturnType<typeof runPlaybookFile>>): string[] {
  return run.events
    .filter((e) => e.kind === 'task-finished' && e.result.changed)
    .map((e) => `${(e as { host: string }).host}: ${(e as { task: string }).task}`)
    .sort();
}

const snapshotEtc = 'find /etc /home -xdev -printf "%p %m %U %G %s %T@\\n" 2>/dev/null | sort';

describe('the example site', () => {
  const cluster = testCluster();
  const nodes = cluster.hosts.map((h) => h.name);

  it('check mode on a fresh host predicts exactly what the real run changes, and changes nothing', async () => {
    // Undo whatever earlier tests converged, so that this starts from a host the site never saw.
    for (const node of [...nodes, cluster.hidden!.name]) {
      await onHost(node, 'userdel -r ops 2>/dev/null; rm -rf /etc/site /etc/sysctl.d/90-corectl-*; systemctl disable site-heartbeat 2>/dev/null; systemctl kill -s KILL site-heartbeat 2>/dev/null; systemctl stop site-heartbeat 2>/dev/null; rm -f /etc/systemd/system/site-heartbeat.service; systemctl daemon-reload; echo "pool 2.debian.pool.ntp.org iburst" > /etc/chrony/chrony.conf');
    }
    const before = await onHost(nodes[0]!, snapshotEtc);
    const check = await runPlaybookFile(SITE, { check: true, diff: true });
    const after = (await onHost(nodes[0]!, snapshotEtc)).split('\n');
    const lines = before.split('\n');
    expect({ added: after.filter((l) => !lines.includes(l)), removed: lines.filter((l) => !after.includes(l)) }).toEqual({ added: [], removed: [] });
    const real = await runPlaybookFile(SITE, { diff: true });
    expect(real.summary.failed).toBe(false);
    expect(changedTasks(check)).toEqual(changedTasks(real));
    expect(changedTasks(real).length).toBeGreaterThan(nodes.length * 5);
  }, 300_000); // the first real run reboots every host in turn (it layers a package)

  it('converges: a second run changes nothing, with one connection per host and one channel per task', async () => {
    const again = await runPlaybookFile(SITE);
    expect(changedTasks(again)).toEqual([]);
    const hosts = Object.keys(again.summary.recap).length;
    const tasks = again.events.filter((e) => e.kind === 'task-finished').length / hosts;
    expect(again.stats.connects).toBe(cluster.hosts.length + (cluster.hidden ? 1 : 0));
    expect(again.stats.channels).toBeLessThanOrEqual(hosts * (tasks + 1));
    expect(await onHost(nodes[1]!, 'systemctl is-active site-heartbeat.service chronyd.service')).toBe('active\nactive\n');
  });

  it('corectl check reports exactly a manual change, with its diff, and exits with the drift code', async () => {
    await onHost(nodes[2]!, "echo 'server rogue.example.net iburst' >> /etc/chrony/chrony.conf");
    const result = await corectl(['check', SITE, '-i', cluster.inventory, '--no-typecheck']);
    expect(result.code).toBe(5);
    const changed = result.stdout.split('\n').filter((line) => line.startsWith('changed ')).map((line) => line.replace(/ +/g, ' '));
    expect(changed).toEqual([
      `changed ${nodes[2]} chrony configuration (template /etc/chrony/chrony.conf): content differs`,
      `changed ${nodes[2]} handler: restart chronyd (systemd chronyd.service): would be restarted`,
    ]);
    expect(result.stdout).toContain('-server rogue.example.net iburst');
    expect(await onHost(nodes[2]!, 'tail -n 1 /etc/chrony/chrony.conf')).toBe('server rogue.example.net iburst\n');
    const fixed = await corectl(['run', SITE, '-i', cluster.inventory, '--no-typecheck']);
    expect(fixed.code).toBe(0);
    expect((await corectl(['check', SITE, '-i', cluster.inventory, '--no-typecheck'])).code).toBe(0);
  });
});
