// rpm-ostree modules and rolling reboots against the simulator on real test hosts: staging,
// check mode, reboots that really restart the hosts, idempotence, and a roll-out that stops when
// a host does not come back.
import { describe, expect, it } from 'vitest';
import { playbook } from '../../src/playbook/dsl.ts';
import { reboot, rpmOstree, zincati } from '../../modules/index.ts';
import { onHost, runBuiltPlaybook, runTasks, testCluster } from './helpers.ts';

interface Deployment { id: string; booted: boolean; staged: boolean; 'requested-packages': string[]; origin?: string }

async function deployments(host: string): Promise<Deployment[]> {
  return (JSON.parse(await onHost(host, 'rpm-ostree status --json')) as { deployments: Deployment[] }).deployments;
}

const layerAndRoll = (present: string[]) => playbook((pb) => {
  pb.play('layer', { hosts: 'nodes', serial: 1, become: true }, (play) => {
    const restart = play.handler('reboot', reboot({ timeout: 120 }));
    play.task('layer packages', rpmOstree.packages({ present }), { notify: [restart] });
  });
});

describe('rpm-ostree modules', () => {
  const cluster = testCluster();
  const nodes = cluster.hosts.map((h) => h.name);

  it('the simulator speaks rpm-ostree: 77 when unchanged or pending, errors like the real tool', async () => {
    const node = nodes[0]!;
    const out = await onHost(node, `rpm-ostree install --idempotent --unchanged-exit-77 bash 2>&1; echo "rc=$?"
rpm-ostree uninstall no-such-package 2>&1; echo "rc=$?"
rpm-ostree status --pending-exit-77 >/dev/null; echo "rc=$?"`);
    expect(out).toContain('"bash" is already provided by');
    expect(out).toContain("error: Package/capability 'no-such-package' is not currently requested");
    expect(out.match(/rc=\d+/g)).toEqual(['rc=1', 'rc=1', 'rc=0']);
  });

  it('the simulator lets reads run side by side (two drift checks at once) and refuses a transaction during another', async () => {
    const node = nodes[0]!;
    const out = await onHost(node, `for i in 1 2 3 4; do ( rpm-ostree status --json >/dev/null; echo "read=$?" ) & done; wait
flock /var/lib/rpm-ostree-sim/.lock sleep 7 & sleep 0.5
rpm-ostree kargs --append=corectl.busy=1 2>&1; echo "rc=$?"; wait`);
    expect(out.match(/read=\d+/g)).toEqual(['read=0', 'read=0', 'read=0', 'read=0']);
    expect(out).toMatch(/Transaction in progress[\s\S]*rc=1/);
  });

  it('check mode reports the layering and the reboot it would need, and changes nothing', async () => {
    const before = await Promise.all(nodes.map(deployments));
    const run = await runBuiltPlaybook(layerAndRoll(['htop']), { check: true });
    for (const node of nodes) {
      // The example site may have layered its own package before (test files run in any order).
      expect(run.results('layer packages')[node]!.result).toMatchObject({ status: 'changed', diff: { after: expect.stringMatching(/^requested-packages: (.* )?htop( |$)/) } });
      expect(run.results('reboot')[node]!.result.message).toContain('reboot: a deployment with the new packages would be staged');
    }
    expect(await Promise.all(nodes.map(deployments))).toEqual(before);
  });

  it('layers a package and reboots the fleet one host at a time onto the new deployment; a second run changes nothing', async () => {
    const run = await runBuiltPlaybook(layerAndRoll(['htop']));
    expect(run.summary.failed).toBe(false);
    // Batch order: each host's reboot finished before the next host's first task started.
    const order = run.events.flatMap((e) => (e.kind === 'task-started' || e.kind === 'task-finished' ? [`${e.kind === 'task-started' ? 'start' : 'end'} ${e.host} ${e.task}`] : []));
    for (let i = 1; i < nodes.length; i++) {
      expect(order.indexOf(`end ${nodes[i - 1]} reboot`)).toBeLessThan(order.indexOf(`start ${nodes[i]} layer packages`));
    }
    for (const node of nodes) {
      expect(run.results('reboot')[node]!.result.message).toMatch(/back after [\d.]+ s with a new boot id/);
      const [first] = await deployments(node);
      expect(first).toMatchObject({ booted: true, staged: false });
      expect(first!['requested-packages']).toContain('htop');
      expect(await onHost(node, 'htop')).toMatch(/^htop 3\.3\.0/);
    }
    const again = await runBuiltPlaybook(layerAndRoll(['htop']));
    expect(again.finished.map((e) => `${e.host} ${e.task} ${e.result.status}`)).toEqual(nodes.map((n) => `${n} layer packages ok`));
  });

  it('sets kernel arguments and rebases, each staged once and booted by a reboot task', async () => {
    const node = nodes[1]!;
    const pb = playbook((p) => p.play('os', { hosts: node, become: true }, (play) => {
      play.task('kargs', rpmOstree.kargs({ present: ['nosmt'], absent: ['mitigations'], replace: ['console=ttyS0,9600'] }));
      play.task('rebase', rpmOstree.rebase({ ref: 'fedora:fedora/x86_64/coreos/testing' }));
      play.task('reboot', reboot({ timeout: 120 }));
    }));
    const run = await runBuiltPlaybook(pb);
    expect(run.results('kargs')[node]!.result.diff!.after).toMatch(/^kargs: rw ignition\.platform\.id=metal console=ttyS0,9600 .* nosmt$/);
    expect(run.results('rebase')[node]!.result.diff).toEqual({ before: 'ref: fedora:fedora/x86_64/coreos/stable', after: 'ref: fedora:fedora/x86_64/coreos/testing' });
    expect(run.results('reboot')[node]!.result.status).toBe('changed');
    const [booted] = await deployments(node);
    expect(booted).toMatchObject({ booted: true, origin: 'fedora:fedora/x86_64/coreos/testing' });
    expect((await onHost(node, 'rpm-ostree kargs')).trim().split(' ')).toEqual(expect.arrayContaining(['nosmt', 'console=ttyS0,9600']));
    const again = await runBuiltPlaybook(pb);
    expect(again.finished.map((e) => `${e.task} ${e.result.status}`)).toEqual(['kargs ok', 'rebase ok', 'reboot ok']);
  });

  it('upgrades when a newer version is published, bypassing Zincati deliberately and saying so', async () => {
    const node = nodes[2]!;
    await onHost(node, `systemd-run --unit=zincati.service sleep infinity >/dev/null
rpm-ostree deploy --register-driver=Zincati ''
ref=$(rpm-ostree status --json | jq -r '.deployments[0].origin')
f=/var/lib/rpm-ostree-sim/state.json
jq --arg r "$ref" '.remote[$r].version = "42.20251001.3.0" | .remote[$r].checksum = ("9" * 64)' $f > $f.new && mv $f.new $f`);
    const refused = await runTasks(node, [['upgrade', rpmOstree.upgrade({ bypassDriver: false })]]);
    expect(refused.statuses).toEqual(['upgrade: failed (updates on this host are driven by Zincati (zincati.service); set bypassDriver: true to act anyway)']);
    const run = await runTasks(node, [['upgrade', rpmOstree.upgrade()]]);
    expect(run.finished[0]!.result).toMatchObject({ status: 'changed', diff: { after: 'version: 42.20251001.3.0' } });
    expect(run.finished[0]!.result.message).toContain('bypassing the update driver Zincati (zincati.service)');
    expect((await deployments(node))[0]).toMatchObject({ booted: false, staged: true });
    const again = await runTasks(node, [['upgrade', rpmOstree.upgrade()]]);
    expect(again.finished[0]!.result.status).toBe('ok');
    await onHost(node, 'systemctl stop zincati.service; rpm-ostree cleanup -p >/dev/null');
  });

  it('stops a rolling reboot at the first host that does not come back in time', async () => {
    const [slow, ...rest] = nodes;
    // sshd on the first host waits 14 s after its next boot: longer than the reboot timeout.
    await onHost(slow!, `mkdir -p /etc/systemd/system/ssh.service.d && printf '[Service]\\nExecStartPre=/bin/sleep 14\\n' > /etc/systemd/system/ssh.service.d/slow.conf && systemctl daemon-reload`);
    const pb = playbook((p) => p.play('roll', { hosts: 'nodes', serial: 1, become: true }, (play) => {
      play.task('reboot', reboot({ force: true, timeout: 8 }));
    }));
    const run = await runBuiltPlaybook(pb);
    expect(run.results('reboot')[slow!]!.result.message).toMatch(/did not come back from the reboot within 8 s/);
    for (const node of rest) expect(run.results('reboot')[node]).toBeUndefined();
    expect(run.events.some((e) => e.kind === 'play-stopped')).toBe(true);
    // Let the host finish booting, and put sshd back the way it was.
    await waitFor(async () => (await onHost(slow!, 'echo up').catch(() => '')) === 'up\n', 90_000);
    await onHost(slow!, 'rm -r /etc/systemd/system/ssh.service.d && systemctl daemon-reload');
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error('condition not met in time');
}

describe('zincati.config', () => {
  const node = testCluster().hosts[1]!.name;
  const periodic = () => zincati.config({ strategy: 'periodic', periodic: { windows: [{ days: ['Sat', 'Sun'], startTime: '22:30', lengthMinutes: 60 }] } });

  it('writes the strategy drop-in, restarts Zincati only when it runs, and changes nothing the second time', async () => {
    await onHost(node, 'systemd-run --unit=zincati.service sleep infinity >/dev/null');
    const before = (await onHost(node, 'systemctl show -p InvocationID --value zincati.service')).trim();
    const run = await runTasks(node, [['zincati', periodic()]]);
    expect(run.statuses).toEqual(['zincati: changed']);
    expect(await onHost(node, 'cat /etc/zincati/config.d/90-corectl.toml')).toContain('strategy = "periodic"\n\n[[updates.periodic.window]]\ndays = [ "Sat", "Sun" ]\nstart_time = "22:30"\nlength_minutes = 60\n');
    expect((await onHost(node, 'systemctl show -p InvocationID --value zincati.service')).trim()).not.toBe(before);
    expect((await runTasks(node, [['zincati', periodic()]])).statuses).toEqual(['zincati: ok']);
    await onHost(node, 'systemctl stop zincati.service');
  });

  it('converges where Zincati is not installed (nothing to restart), and check mode says so first', async () => {
    await onHost(node, 'systemctl stop zincati.service 2>/dev/null; rm -rf /etc/zincati');
    const check = await runTasks(node, [['zincati', periodic()]], { check: true });
    expect(check.statuses).toEqual(['zincati: changed']);
    expect(await onHost(node, 'test -e /etc/zincati || echo none')).toBe('none\n');
    const run = await runTasks(node, [['zincati', periodic()]]);
    expect(run.statuses).toEqual(['zincati: changed']);
    expect((await runTasks(node, [['zincati', periodic()]])).statuses).toEqual(['zincati: ok']);
  });
});
