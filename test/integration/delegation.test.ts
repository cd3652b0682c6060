// delegateTo against real sshd: the module runs over the delegate's own connection (the hidden
// host through its bastion, the controller as localhost) with the host's vars, for hosts in the
// limit only while the delegate is outside it; runOnce with a delegate runs once.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { command, file } from '../../modules/index.ts';
import { playbook } from '../../src/playbook/dsl.ts';
import { onHost, runBuiltPlaybook, testCluster } from './helpers.ts';

describe('delegateTo on test hosts', () => {
  const cluster = testCluster();
  const [node1, node2, node3] = cluster.hosts.map((h) => h.name);
  const hidden = cluster.hidden!.name;
  const dir = '/var/tmp/corectl-delegated';

  it("runs the module over the delegate's connection with the host's vars, the delegate outside --limit", async () => {
    const local = mkdtempSync(join(tmpdir(), 'corectl-delegated-'));
    await Promise.all([node2!, node3!, hidden].map((n) => onHost(n, `rm -rf ${dir}${n === node2 ? '' : `; mkdir ${dir}`}`)));
    const pb = playbook((p) => p.play('delegation', { hosts: 'nodes', become: true, gatherFacts: false }, (play) => {
      play.task('record on the hidden host', file((ctx) => ({ path: `${dir}/${ctx.host}`, content: `${ctx.host}\n` })), { delegateTo: hidden });
      play.task('who ran it', command({ argv: ['sh', '-c', 'echo "$(hostname) $(id -un)"'] }), { delegateTo: hidden, changedWhen: () => false });
      play.task('on the controller', file((ctx) => ({ path: join(local, ctx.host), content: 'x\n' })), { delegateTo: 'localhost', become: false });
      play.task('once, for the first host', file((ctx) => ({ path: `${dir}/once`, content: `${ctx.host}\n` })), { delegateTo: node3!, runOnce: true });
    }));
    const run = await runBuiltPlaybook(pb, { limit: `${node1},${node2}` });
    expect(run.summary.failed).toBe(false);
    expect(await onHost(hidden, `cat ${dir}/${node1} ${dir}/${node2}`)).toBe(`${node1}\n${node2}\n`);
    expect(await onHost(node2!, `ls ${dir} 2>/dev/null || echo none`)).toBe('none\n');
    // The command ran on the hidden host, as root (the play's become over the delegate's connection).
    const who = run.finished.filter((e) => e.task === 'who ran it');
    expect(who.map((e) => e.result.stdout?.trim())).toEqual([`${hidden} root`, `${hidden} root`]);
    expect(who.map((e) => e.delegate)).toEqual([hidden, hidden]);
    expect(readFileSync(join(local, node1!), 'utf8')).toBe('x\n');
    expect(await onHost(node3!, `cat ${dir}/once`)).toBe(`${node1}\n`);
    // One run, for the first host of the batch (as Ansible's run_once), reported once.
    expect(run.finished.filter((e) => e.task === 'once, for the first host').map((e) => [e.host, e.delegate])).toEqual([[node1, node3]]);
    // Only the limited hosts are in the recap; the delegates are not hosts of the run.
    const finished = run.events.at(-1)!;
    expect(finished.kind === 'run-finished' && Object.keys(finished.recap).sort()).toEqual([node1, node2].sort());
  });
});
