// The sharded drift check on the nights that matter: some slices find drift, fail tasks or cannot
// reach hosts. The manifest's own script runs for each index (with a stand-in corectl that writes a
// slice report and exits as corectl would), and a simulation of the Job controller's documented
// decisions (job-controller.ts) says whether pod 0 is left to finish its merge.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { simulateIndexedJob, type JobSpecLike } from './job-controller.ts';

const SHARDED = 'deploy/kubernetes/corectl-drift-sharded.yaml';

function shardedJob() {
  const cron = parseAllDocuments(readFileSync(SHARDED, 'utf8')).map((d) => d.toJS()).find((m) => m.kind === 'CronJob');
  const spec = cron.spec.jobTemplate.spec;
  const container = spec.template.spec.containers[0];
  const slices = Number(container.env.find((e: { name: string }) => e.name === 'SLICES').value);
  return { spec: spec as JobSpecLike & Record<string, unknown>, script: container.args[0] as string, slices };
}

/** A stand-in corectl: `check` writes its slice report (unless told it could not run) and exits with the slice's code; `report merge` notes that it merged. */
function fakeCorectl(dir: string): string {
  const bin = join(dir, 'bin');
  execFileSync('mkdir', ['-p', bin]);
  writeFileSync(join(bin, 'corectl'), `#!/bin/sh
case "$1" in
  check)
    for a; do case $a in json=*) out=\${a#json=} ;; esac; done
    [ "$SLICE_CODE" = 4 ] || printf '{"exitCode": %s}\\n' "$SLICE_CODE" > "$out"
    exit "$SLICE_CODE" ;;
  report) echo merged > "$MERGED"; exit "$MERGED_CODE" ;;
esac
exit 99
`);
  chmodSync(join(bin, 'corectl'), 0o755);
  return bin;
}

/** Runs the manifest's script as pod `index` would: its exit code. */
function runPod(script: string, dir: string, bin: string, index: number, sliceCode: number, slices: number): number {
  const local = script.replaceAll('/var/lib/corectl', join(dir, 'state'));
  const result = spawnSync('sh', ['-c', local], {
    env: { PATH: `${bin}:/usr/bin:/bin`, JOB_COMPLETION_INDEX: String(index), SLICES: String(slices), JOB_NAME: 'corectl-drift-sharded-1', SLICE_CODE: String(sliceCode), MERGED: join(dir, 'merged'), MERGED_CODE: '5' },
    encoding: 'utf8',
  });
  return result.status!;
}

describe('the sharded drift check against the Job controller', () => {
  const { spec, script, slices } = shardedJob();

  it.each([
    ['every slice in sync', [0, 0, 0, 0]],
    ['slice 1 drifted, slice 2 failed tasks, slice 3 unreachable hosts', [0, 5, 2, 3]],
    ['pod 0 itself drifted, slice 3 stopped by SIGTERM', [5, 0, 0, 143]],
    ['slice 2 could not run at all (no report)', [0, 0, 4, 0]],
  ])('%s: pod 0 is left to merge, and the Job fails only when a slice could not run', (_night, codes) => {
    const dir = mkdtempSync(join(tmpdir(), 'corectl-shards-'));
    const bin = fakeCorectl(dir);
    // Slices end first (in index order, the last one latest); pod 0 merges after them.
    const exits = codes.slice(1).map((code, i) => ({ index: i + 1, endsAt: 100 + i * 10, exitCode: runPod(script, dir, bin, i + 1, code, slices) }));
    const pod0 = { index: 0, endsAt: 500, exitCode: runPod(script, dir, bin, 0, codes[0]!, slices) };
    expect(existsSync(join(dir, 'merged'))).toBe(true);
    for (const [i, code] of codes.entries()) {
      // A slice with a report exits 0 whatever it found; pod 0 exits with the merged run's code.
      if (i > 0) expect(exits[i - 1]!.exitCode, `slice ${i}`).toBe(code === 4 ? 4 : 0);
    }
    expect(pod0.exitCode).toBe(5);
    const verdict = simulateIndexedJob(spec, [pod0, ...exits]);
    expect(verdict.terminated).toEqual([]);
    expect(verdict.at).toBe(500);
    expect(verdict.condition).toBe('Failed');
  });

  it('the controller ends pod 0 mid-merge with the former spec (backoffLimit 0, slices exiting with their findings): what this guards against', () => {
    const old = { completions: slices, backoffLimit: 0, activeDeadlineSeconds: 3600 };
    const verdict = simulateIndexedJob(old, [{ index: 1, endsAt: 100, exitCode: 5 }, { index: 2, endsAt: 110, exitCode: 0 }, { index: 3, endsAt: 120, exitCode: 0 }, { index: 0, endsAt: 500, exitCode: 5 }]);
    expect(verdict).toEqual({ condition: 'Failed', at: 100, terminated: [0, 2, 3] });
    // And the current spec, given the same exit codes, would not have.
    expect(simulateIndexedJob(spec, [{ index: 1, endsAt: 100, exitCode: 5 }, { index: 0, endsAt: 500, exitCode: 5 }, { index: 2, endsAt: 110, exitCode: 0 }, { index: 3, endsAt: 120, exitCode: 0 }]).terminated).toEqual([]);
  });

  it('keeps the deadline that ends a hung night, and never retries a slice', () => {
    expect(spec.backoffLimitPerIndex).toBe(0);
    expect(spec.backoffLimit).toBeUndefined();
    expect(spec.maxFailedIndexes).toBeUndefined();
    expect(simulateIndexedJob(spec, [{ index: 0, endsAt: 4000, exitCode: 0 }, { index: 1, endsAt: 10, exitCode: 0 }]).terminated).toEqual([0]);
  });
});
