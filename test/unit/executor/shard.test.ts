// --shard: slices by host name that cover the hosts once, stay put when the fleet changes, and a
// real run refused where a slice would act on a partial view of the hosts.
import { describe, expect, it } from 'vitest';
import { command } from '../../../modules/index.ts';
import { shardRefusals } from '../../../src/executor/shard-refusals.ts';
import { inShard, parseShard } from '../../../src/inventory/shard.ts';
import { playbook } from '../../../src/playbook/dsl.ts';

const hosts = Array.from({ length: 1000 }, (_, i) => `node${i}.example.net`);

describe('slices', () => {
  it('put every host in exactly one of N slices, about evenly', () => {
    for (const count of [1, 2, 3, 7]) {
      const slices = Array.from({ length: count }, (_, index) => hosts.filter((host) => inShard(host, { index, count })));
      expect(slices.flat().sort()).toEqual([...hosts].sort());
      for (const slice of slices) expect(Math.abs(slice.length - hosts.length / count)).toBeLessThan(hosts.length / count / 4);
    }
  });

  it('keep a host in its slice whatever other hosts come and go', () => {
    const before = hosts.slice(0, 500).filter((host) => inShard(host, { index: 1, count: 4 }));
    const after = hosts.filter((host) => inShard(host, { index: 1, count: 4 }));
    expect(after.slice(0, before.length)).toEqual(before);
  });

  it('parse I/N counted from 0, as a Kubernetes Indexed Job counts, and refuse anything else', () => {
    expect(parseShard('0/4')).toEqual({ index: 0, count: 4 });
    expect(parseShard('3/4')).toEqual({ index: 3, count: 4 });
    for (const bad of ['4/4', '1/0', '-1/2', 'a/2', '1', '1/2/3']) expect(() => parseShard(bad), bad).toThrow(/--shard takes I\/N with 0 <= I < N/);
  });
});

describe('what a sharded run refuses', () => {
  it('names every play option and step that needs all hosts, with where it was written', () => {
    const pb = playbook((p) => {
      p.play('independent', { hosts: 'all' }, (play) => {
        play.task('per host', command({ argv: ['true'] }));
      });
      p.play('rolling', { hosts: 'all', serial: 1, maxFailPercentage: 0 }, (play) => {
        const first = play.task('init once', command({ argv: ['true'] }), { runOnce: true });
        play.task('after all', command({ argv: ['true'] }), { after: [first] });
        play.controller('sign', () => undefined);
      });
    });
    const refusals = shardRefusals(pb.plays);
    expect(refusals).toEqual([
      expect.stringMatching(/shard\.test\.ts:\d+:\d+: play "rolling": serial, maxFailPercentage count hosts across the whole run$/),
      expect.stringMatching(/shard\.test\.ts:\d+:\d+: task "init once" is runOnce$/),
      expect.stringMatching(/shard\.test\.ts:\d+:\d+: task "after all" waits \(after\) for other hosts$/),
      expect.stringMatching(/shard\.test\.ts:\d+:\d+: controller step "sign" runs once for all hosts$/),
    ]);
    expect(shardRefusals([pb.plays[0]!])).toEqual([]);
  });
});
