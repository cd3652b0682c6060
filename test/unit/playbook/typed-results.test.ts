// Typed results: a module that declares its result data (resultData) gives handles whose
// `ctx.result(handle)?.data` is typed, for a task and for each item of a loop; an explicit
// `ctx.result<MyResult>(handle)` keeps its old meaning. The @ts-expect-error lines are checked by
// `tsc --noEmit` (npm test): were a mistake no longer caught, the type check would fail. The
// runtime half (data parsed with the module's schema, a mismatch failing the task) is below.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { command, podman, stat, x509 } from '../../../modules/index.ts';
import { ConnectionPool } from '../../../src/connection/connection-pool.ts';
import { DEFAULT_CONNECTION_SETTINGS } from '../../../src/connection/connection-target.ts';
import { KnownHosts } from '../../../src/connection/known-hosts.ts';
import type { RunEvent } from '../../../src/executor/events.ts';
import { runPlaybook } from '../../../src/executor/run-playbook.ts';
import { loadInventory } from '../../../src/inventory/load-inventory.ts';
import { defineModule, type ModuleCall } from '../../../src/module-api/define-module.ts';
import type { TaskResult } from '../../../src/module-api/module-types.ts';
import { playbook } from '../../../src/playbook/dsl.ts';

/** A module whose data is declared: `echo`'s count, typed as a number. */
const counted = defineModule({
  name: 'counted',
  schema: z.strictObject({ lines: z.array(z.string()) }),
  describe: (o) => `${o.lines.length} lines`,
  resultData: z.object({ count: z.coerce.number(), first: z.string().optional() }),
  readOnly: true,
  remote: (o) => ({ script: `corectl_data count ${o.lines.length}; corectl_data first '${o.lines[0] ?? ''}'` }),
});
const failing = defineModule({
  name: 'failing',
  schema: z.strictObject({}),
  describe: () => '',
  resultData: z.object({ count: z.coerce.number().int() }),
  remote: () => ({ script: 'corectl_data count half; echo broke >&2; exit 1' }),
});
const lying = defineModule({
  name: 'lying',
  schema: z.strictObject({}),
  describe: () => '',
  resultData: z.object({ count: z.coerce.number().int() }),
  remote: () => ({ script: 'corectl_data count many' }),
});

describe('typed results', () => {
  it('types data from the module, for a task and for each item of a loop, and keeps explicit result types', () => {
    playbook((pb) => pb.play('types', { hosts: 'all' }, (play) => {
      const image = play.task('image', podman.image({ ref: 'quay.io/x/y:1' }));
      const cert = play.task('cert', x509.certificate({ ca: 'site', key: { path: '/etc/k.pem' }, cert: { path: '/etc/c.pem' }, subject: { CN: 'x' } }));
      const each = play.loop('each', () => [['a'], ['b', 'c']], (lines) => counted({ lines }));
      const probe = play.task('probe', command({ argv: ['true'] }));
      play.task('reads', command({ argv: ['true'] }), {
        when: (ctx) => {
          expectTypeOf(ctx.result(image)!.data!.id).toEqualTypeOf<string | undefined>();
          expectTypeOf(ctx.result(cert)!.data!.serial).toEqualTypeOf<string | undefined>();
          expectTypeOf(ctx.result(each)!.results[0]!.data!.count).toEqualTypeOf<number>();
          expectTypeOf(ctx.result(each)!.results[0]!.item).toEqualTypeOf<string[]>();
          // @ts-expect-error podman.image's data has no `digest`
          void ctx.result(image)?.data?.digest;
          // @ts-expect-error a count is a number
          void ctx.result(each)?.results[0]?.data?.count.trim();
          // A module without resultData: data is the untyped record, as before.
          expectTypeOf(ctx.result(probe)!.data).toEqualTypeOf<Record<string, string> | undefined>();
          // The old explicit form still compiles and means what it meant.
          expectTypeOf(ctx.result<TaskResult & { mine: 1 }>(probe)!.mine).toEqualTypeOf<1>();
          return true;
        },
      });
    }));
  });

  it('keeps a list typed with ModuleCall compiling, whatever data its modules declare', () => {
    const tasks: [string, ModuleCall][] = [['stat', stat({ path: '/etc/app.conf' })], ['image', podman.image({ ref: 'quay.io/x/y:1' })], ['probe', command({ argv: ['true'] })]];
    playbook((pb) => pb.play('list', { hosts: 'all' }, (play) => {
      const handles = tasks.map(([name, call]) => play.task(name, call));
      const typed = play.task('typed', stat({ path: '/etc/app.conf' }));
      play.task('reads', command({ argv: ['true'] }), {
        when: (ctx) => {
          expectTypeOf(ctx.result(typed)!.data!.exists).toEqualTypeOf<boolean>();
          return ctx.result(handles[0]!)?.data?.exists === true;
        },
      });
    }));
    expect(tasks).toHaveLength(3);
  });

  it('parses the data a step reported with the schema, and fails the task when it does not match', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corectl-typed-'));
    writeFileSync(join(dir, 'hosts.ini'), 'here ansible_connection=local\n');
    const pool = new ConnectionPool({ ...DEFAULT_CONNECTION_SETTINGS, knownHosts: await KnownHosts.load([]), warn: () => {} });
    const events: RunEvent[] = [];
    let seen: unknown;
    try {
      await runPlaybook({
        playbook: playbook((pb) => pb.play('p', { hosts: 'here', gatherFacts: false }, (play) => {
          const three = play.task('three', counted({ lines: ['a', 'b', 'c'] }));
          play.task('lies', lying({}), { ignoreErrors: true });
          play.task('fails', failing({}), { ignoreErrors: true });
          play.task('read', command({ argv: ['true'] }), { when: (ctx) => ((seen = ctx.result(three)?.data), true) });
        })),
        name: 'typed.ts', inventory: await loadInventory(join(dir, 'hosts.ini')), pool, sshConfig: [], emit: (e) => events.push(e), options: { check: false, diff: false, forks: 2 },
      });
    } finally {
      await pool.closeAll();
    }
    expect(seen).toEqual({ count: 3, first: 'a' });
    const lies = events.find((e) => e.kind === 'task-finished' && e.task === 'lies');
    expect(lies?.kind === 'task-finished' && lies.result).toMatchObject({ failed: true, message: expect.stringMatching(/module lying reported result data that does not match its resultData \(count: .*\): a bug of the module/) });
    // A step that failed said part of it: no data rather than mistyped data, and its own reason.
    const fails = events.find((e) => e.kind === 'task-finished' && e.task === 'fails');
    expect(fails?.kind === 'task-finished' && fails.result).toMatchObject({ failed: true, message: 'broke', data: undefined });
  });
});
