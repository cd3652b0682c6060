// delegateTo (Ansible's delegate_to): the module runs on the delegate with the host's vars, the
// result is the host's (recap, registered result, notify), events name both hosts, a computed
// delegate per item, check mode, and a delegate the inventory lacks refused before anything ran.
// The hosts are the controller itself (ansible_connection=local); that the delegate's own
// connection is used is proved against real sshd in test/integration/delegation.test.ts.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { directory, file } from '../../../modules/index.ts';
import { DelegateHosts } from '../../../src/executor/delegate-hosts.ts';
import type { RunEvent } from '../../../src/executor/events.ts';
import { loadInventory } from '../../../src/inventory/load-inventory.ts';
import { playbook } from '../../../src/playbook/dsl.ts';
import { runOnController } from '../../controller-run.ts';
import { plainReporter } from '../../../src/report/plain-reporter.ts';
import { RunRecorder } from '../../../src/report/run-record.ts';

interface Vars { dir: string; zone: string }

async function run(build: Parameters<typeof playbook>[0], options: { check?: boolean; limit?: string } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'corectl-delegate-'));
  writeFileSync(join(dir, 'hosts.ini'), [
    '[web]', 'web1 zone=a', 'web2 zone=b', '[dns]', 'ns1', '[all:vars]', 'ansible_connection=local', `dir=${dir}`, '',
  ].join('\n'));
  const events: RunEvent[] = [];
  const recorder = new RunRecorder({ corectl: 'test', inventory: [] });
  let text = '';
  const plain = plainReporter((t) => (text += t), { diff: false });
  try {
    const { summary, finished } = await runOnController(playbook(build), join(dir, 'hosts.ini'), { check: options.check ?? false, ...(options.limit && { limit: options.limit }) }, (e) => {
      events.push(e);
      recorder.listener(e);
      plain(e);
    });
    return { dir, summary, events, finished, record: recorder.record, text };
  } catch (error) {
    return { dir, error: error as Error, events, finished: [], text };
  }
}

describe('delegateTo', () => {
  it("runs the module for each host with that host's vars, counts the result on the host, and names both hosts", async () => {
    let registered: string[] = [];
    const r = await run((pb) => pb.play<Vars>('records', { hosts: 'web', gatherFacts: false }, (play) => {
      const record = play.task('dns record', file((ctx) => ({ path: join(String(ctx.vars.dir), `record-${ctx.host}`), content: `${ctx.host} ${ctx.vars.zone}\n` })), { delegateTo: 'ns1' });
      play.task('read back', file((ctx) => ({ path: join(String(ctx.vars.dir), `seen-${ctx.host}`), content: `${ctx.result(record)?.status}\n` })));
      play.task('later', file((ctx) => ({ path: join(String(ctx.vars.dir), 'registered'), content: 'x\n' })), { when: () => ((registered = [...registered, 'read']), true), runOnce: true });
    }), { limit: 'web' });
    expect(r.summary?.failed).toBe(false);
    expect(readFileSync(join(r.dir, 'record-web1'), 'utf8')).toBe('web1 a\n');
    expect(readFileSync(join(r.dir, 'record-web2'), 'utf8')).toBe('web2 b\n');
    expect(readFileSync(join(r.dir, 'seen-web1'), 'utf8')).toBe('changed\n');
    const records = r.finished.filter((e) => e.task === 'dns record');
    expect(records.map((e) => [e.host, e.delegate, e.result.status]).sort()).toEqual([['web1', 'ns1', 'changed'], ['web2', 'ns1', 'changed']]);
    expect(r.events.filter((e) => e.kind === 'task-started' && e.task === 'dns record').every((e) => e.kind === 'task-started' && e.delegate === 'ns1')).toBe(true);
    // The delegate is not a host of the run: no recap row, no report entry of its own.
    expect(Object.keys((r.events.at(-1) as Extract<RunEvent, { kind: 'run-finished' }>).recap).sort()).toEqual(['web1', 'web2']);
    expect(r.record!.hosts['web1']!.counts.changed).toBe(3);
    expect(r.record!.hosts['web1']!.tasks.find((t) => t.task === 'dns record')!.delegate).toBe('ns1');
    expect(r.text).toMatch(/changed\s+web1 -> ns1\s+dns record/);
  });

  it('computes a delegate per host and per item, and says what would change in check mode without changing it', async () => {
    const build: Parameters<typeof playbook>[0] = (pb) => pb.play<Vars>('p', { hosts: 'web', gatherFacts: false }, (play) => {
      play.task('to a computed host', file((ctx) => ({ path: join(String(ctx.vars.dir), `computed-${ctx.host}`), content: 'x\n' })), { delegateTo: (ctx) => (ctx.vars.zone === 'a' ? 'ns1' : 'web1') });
      play.loop('per item', () => ['ns1', 'localhost'], (item, ctx) => file({ path: join(String(ctx.vars.dir), `item-${ctx.host}-${item}`), content: 'x\n' }), { delegateTo: (_ctx, item) => item });
    });
    const check = await run(build, { check: true });
    expect(check.summary?.failed).toBe(false);
    expect(check.finished.filter((e) => e.task === 'to a computed host').map((e) => `${e.host}>${e.delegate}:${e.result.status}`).sort()).toEqual(['web1>ns1:changed', 'web2>web1:changed']);
    expect(check.finished.filter((e) => e.item !== undefined).map((e) => `${e.host}>${e.delegate}:${e.item}:${e.result.status}`).sort())
      .toEqual(['web1>localhost:localhost:changed', 'web1>ns1:ns1:changed', 'web2>localhost:localhost:changed', 'web2>ns1:ns1:changed']);
    expect(existsSync(join(check.dir, 'computed-web1'))).toBe(false);
    const real = await run(build);
    expect(real.summary?.failed).toBe(false);
    expect(existsSync(join(real.dir, 'item-web2-localhost'))).toBe(true);
  });

  it("shares check mode's plan with a delegate that is a host of the run: a directory its own task would make is there for a delegated file", async () => {
    const build: Parameters<typeof playbook>[0] = (pb) => {
      pb.play<Vars>('name server', { hosts: 'ns1', gatherFacts: false }, (play) => void play.task('fleet directory', directory((ctx) => ({ path: join(String(ctx.vars.dir), 'fleet') }))));
      pb.play<Vars>('records', { hosts: 'web', gatherFacts: false }, (play) => {
        play.task('record', file((ctx) => ({ path: join(String(ctx.vars.dir), 'fleet', ctx.host), content: 'x\n' })), { delegateTo: 'ns1' });
      });
    };
    const check = await run(build, { check: true });
    const real = await run(build);
    const changed = (r: typeof check) => r.finished.filter((e) => e.result.changed).map((e) => `${e.host}:${e.task}`).sort();
    expect(changed(check)).toEqual(['ns1:fleet directory', 'web1:record', 'web2:record']);
    expect(changed(real)).toEqual(changed(check));
  });

  it('refuses a delegate the inventory lacks before any task runs, with the file and line', async () => {
    const r = await run((pb) => pb.play<Vars>('p', { hosts: 'web', gatherFacts: false }, (play) => {
      play.task('first', file((ctx) => ({ path: join(String(ctx.vars.dir), 'first'), content: 'x\n' })));
      play.block('b', (b) => b.task('to a typo', file({ path: '/nonexistent/x', content: 'x\n' })), { delegateTo: 'ns2' });
    }));
    expect(r.error?.message).toMatch(/delegation\.test\.ts:\d+:\d+: task "to a typo": delegateTo "ns2": the inventory has no such host; did you mean ns1\?/);
    expect(r.finished).toEqual([]);
  });

  it('refuses a computed delegate the inventory lacks before any task runs, and fails the task when it is known only then', async () => {
    const early = await run((pb) => pb.play<Vars>('p', { hosts: 'web', gatherFacts: false }, (play) => {
      play.task('first', file((ctx) => ({ path: join(String(ctx.vars.dir), 'first'), content: 'x\n' })));
      play.task('computed typo', file({ path: '/nonexistent/x', content: 'x\n' }), { delegateTo: (ctx) => `dns-${ctx.vars.zone}` });
    }));
    expect(early.error?.message).toMatch(/task "computed typo": delegateTo "dns-a": the inventory has no such host \(for web1\)/);
    expect(early.finished).toEqual([]);
    const late = await run((pb) => pb.play<Vars>('p', { hosts: 'web1', gatherFacts: false }, (play) => {
      const probe = play.task('probe', file((ctx) => ({ path: join(String(ctx.vars.dir), 'probe'), content: 'x\n' })));
      play.task('from a result', file({ path: '/nonexistent/x', content: 'x\n' }), { delegateTo: (ctx) => `host-${ctx.result(probe)?.status}` });
    }));
    expect(late.finished.find((e) => e.task === 'from a result')!.result).toMatchObject({ failed: true, message: expect.stringMatching(/delegateTo "host-changed": the inventory has no such host/) });
  });
});

describe('DelegateHosts', () => {
  it("names the implicit localhost by any of its names, and only when the inventory does not define it", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corectl-delegate-'));
    writeFileSync(join(dir, 'hosts.ini'), 'node1\n');
    const delegates = new DelegateHosts(await loadInventory(join(dir, 'hosts.ini')), () => { throw new Error('not connected in this test'); });
    expect(['localhost', '127.0.0.1', '::1', 'node1', 'node2'].map((n) => delegates.nameOf(n))).toEqual(['localhost', 'localhost', 'localhost', 'node1', undefined]);
    expect(delegates.problemWith('node2')).toBe('delegateTo "node2": the inventory has no such host; did you mean node1?');
  });
});
