// Puts the JSON reports of a run's slices (--shard I/N) back together as the report of one run:
// every host once, the earliest start, the latest end, and the exit code the whole run would have
// had. A set that is not exactly slices 0 to N-1 of one run is refused: merged, it would look like
// a complete run that never was.
import { UsageError } from '../errors/usage-error.ts';
import type { KeptReport } from './run-history.ts';
import type { RunRecord } from './run-record.ts';

export interface SliceReport {
  file: string;
  report: KeptReport;
}

// When slices ended differently, the whole run ended as the first of these that a slice did:
// stopped, failed, internal error, unreachable, drift, ok (run-command.ts decides the same way).
const EXIT_PRIORITY = [143, 130, 129, 2, 1, 3, 5, 0];

/** The fields every slice of one run shares. */
const SAME = ['playbook', 'check', 'corectl', 'inventory', 'limit', 'tags', 'skipTags'] as const;

export function mergeSlices(slices: SliceReport[]): { record: RunRecord; exitCode: number } {
  if (slices.length === 0) throw new UsageError('no slice reports to merge');
  const unsliced = slices.filter((slice) => !slice.report.shard);
  if (unsliced.length > 0) throw new UsageError(`${unsliced.map((s) => s.file).join(', ')}: not the report of a slice (run with --shard I/N)`);
  const count = slices[0]!.report.shard!.count;
  const other = slices.find((slice) => slice.report.shard!.count !== count);
  if (other) throw new UsageError(`${other.file} is a slice of ${other.report.shard!.count}, ${slices[0]!.file} of ${count}: not one run`);
  for (const field of SAME) {
    const odd = slices.find((slice) => JSON.stringify(slice.report[field]) !== JSON.stringify(slices[0]!.report[field]));
    if (odd) throw new UsageError(`${odd.file} and ${slices[0]!.file} differ in ${field}: not slices of one run`);
  }
  const byIndex = new Map<number, SliceReport>();
  for (const slice of slices) {
    const twin = byIndex.get(slice.report.shard!.index);
    if (twin) throw new UsageError(`${twin.file} and ${slice.file} are both slice ${slice.report.shard!.index}/${count}`);
    byIndex.set(slice.report.shard!.index, slice);
  }
  const missing = Array.from({ length: count }, (_, index) => index).filter((index) => !byIndex.has(index));
  if (missing.length > 0) throw new UsageError(`slice${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing: the merged report would show a run that did not happen whole`);

  const ordered = [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, slice]) => slice);
  const hosts: RunRecord['hosts'] = {};
  for (const { file, report } of ordered) {
    for (const [name, host] of Object.entries(report.hosts)) {
      if (hosts[name]) throw new UsageError(`host ${name} is in two slices (${file} and another): not slices of one run`);
      hosts[name] = host;
    }
  }
  const starts = ordered.map(({ report }) => Date.parse(report.startedAt));
  const ends = ordered.map(({ report }, i) => starts[i]! + report.durationMs);
  const stopped = ordered.filter(({ report }) => report.stopped !== undefined).map(({ report }) => `slice ${report.shard!.index}/${count}: ${report.stopped}`);
  const { schema: _schema, exitCode: _exit, shard: _shard, hosts: _hosts, stopped: _stopped, ...context } = ordered[0]!.report;
  const record: RunRecord = {
    ...context,
    startedAt: new Date(Math.min(...starts)).toISOString(),
    durationMs: Math.max(...ends) - Math.min(...starts),
    hosts,
    ...(stopped.length > 0 ? { stopped: stopped.join('; ') } : {}),
    finished: ordered.every(({ report }) => report.finished),
  };
  const codes = ordered.map(({ report }) => report.exitCode);
  const exitCode = EXIT_PRIORITY.find((code) => codes.includes(code)) ?? Math.max(...codes);
  return { record, exitCode };
}
