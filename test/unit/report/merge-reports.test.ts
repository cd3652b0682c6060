// corectl report merge: slices 0..N-1 of one run become one run's report, or nothing at all.
import { describe, expect, it } from 'vitest';
import { mergeSlices, type SliceReport } from '../../../src/report/merge-reports.ts';
import type { KeptReport } from '../../../src/report/run-history.ts';

const counts = (changed: number) => ({ ok: 3, changed, failed: 0, skipped: 0, unreachable: 0, ignored: 0 });

function slice(index: number, count: number, hosts: string[], extra: Partial<KeptReport> = {}): SliceReport {
  return {
    file: `slice-${index}.json`,
    report: {
      schema: 'corectl.report/v1', exitCode: 0, corectl: '0.1.0', inventory: ['inventory'], playbook: 'site.ts', check: true,
      startedAt: new Date(Date.UTC(2026, 10, 30, 2, 30, index)).toISOString(), durationMs: 1000 * (index + 1), finished: true,
      shard: { index, count },
      hosts: Object.fromEntries(hosts.map((host) => [host, { counts: counts(0), notRun: [], tasks: [] }])),
      ...extra,
    },
  };
}

describe('merging slices', () => {
  it('gives every host once, the whole span of time, and the exit code the whole run would have', () => {
    const { record, exitCode } = mergeSlices([
      slice(2, 3, ['c'], { exitCode: 3 }),
      slice(0, 3, ['a'], { exitCode: 5 }),
      slice(1, 3, ['b'], { exitCode: 0 }),
    ]);
    expect(Object.keys(record.hosts)).toEqual(['a', 'b', 'c']);
    expect(record.startedAt).toBe('2026-11-30T02:30:00.000Z');
    // Slice 2 started 2 s in and took 3 s.
    expect(record.durationMs).toBe(5000);
    expect(record).not.toHaveProperty('shard');
    expect(record.finished).toBe(true);
    // Unreachable (3) outranks drift (5), as in one run.
    expect(exitCode).toBe(3);
    expect(mergeSlices([slice(0, 2, ['a'], { exitCode: 5 }), slice(1, 2, ['b'], { exitCode: 2 })]).exitCode).toBe(2);
    expect(mergeSlices([slice(0, 2, ['a'], { exitCode: 143, finished: false, stopped: 'interrupted by SIGTERM' }), slice(1, 2, ['b'], { exitCode: 2 })])).toMatchObject({
      exitCode: 143, record: { finished: false, stopped: 'slice 0/2: interrupted by SIGTERM' },
    });
  });

  it('refuses what is not exactly the slices of one run', () => {
    expect(() => mergeSlices([slice(0, 3, ['a']), slice(2, 3, ['c'])])).toThrow('slice 1/3 missing: the merged report would show a run that did not happen whole');
    expect(() => mergeSlices([slice(0, 2, ['a']), slice(0, 2, ['b'])])).toThrow('slice-0.json and slice-0.json are both slice 0/2');
    expect(() => mergeSlices([slice(0, 2, ['a']), slice(1, 3, ['b'])])).toThrow(/is a slice of 3, .* of 2: not one run/);
    expect(() => mergeSlices([slice(0, 2, ['a']), slice(1, 2, ['b'], { playbook: 'other.ts' })])).toThrow('differ in playbook');
    expect(() => mergeSlices([slice(0, 2, ['a']), slice(1, 2, ['b'], { check: false })])).toThrow('differ in check');
    expect(() => mergeSlices([slice(0, 2, ['a']), slice(1, 2, ['a'])])).toThrow(/host a is in two slices/);
    const { shard: _, ...whole } = slice(0, 1, ['a']).report;
    expect(() => mergeSlices([{ file: 'whole.json', report: whole }])).toThrow('whole.json: not the report of a slice');
  });
});
