// A drift check spread over several processes (--shard I/N, run at the same time, as an Indexed
// Job's pods run) and put back together with corectl report merge: the same hosts, counts and
// exit code as one whole check.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { KeptReport } from '../../src/report/run-history.ts';
import { corectl, testCluster } from './helpers.ts';

const SITE = 'playbooks/site.ts';
const SLICES = 3;

it('three slices checked at once and merged report what one whole check reports', async () => {
  const cluster = testCluster();
  const dir = mkdtempSync(join(tmpdir(), 'corectl-shards-'));
  const slice = (index: number) => join(dir, `slice-${index}.json`);
  const check = (...extra: string[]) => corectl(['check', SITE, '-i', cluster.inventory, '--no-typecheck', ...extra]);
  const [whole, ...slices] = await Promise.all([
    check('--report', `json=${join(dir, 'whole.json')}`),
    ...Array.from({ length: SLICES }, (_, i) => check('--shard', `${i}/${SLICES}`, '--report', `json=${slice(i)}`)),
  ]);
  const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as KeptReport;
  const wholeReport = read(join(dir, 'whole.json'));
  const sliceHosts = slices.map((_, i) => Object.keys(read(slice(i)).hosts));
  // Every host in exactly one slice.
  expect(sliceHosts.flat().sort()).toEqual(Object.keys(wholeReport.hosts).sort());

  const merged = await corectl(['report', 'merge', ...slices.map((_, i) => slice(i)), '--report', `json=${join(dir, 'merged.json')}`, '--report', `junit=${join(dir, 'merged.xml')}`]);
  expect(merged.stderr).toBe('');
  expect(merged.code, `whole check:\n${whole.stdout}\n${whole.stderr}`).toBe(whole.code);
  expect(merged.stdout).toMatch(new RegExp(`^merged ${SLICES} slices of check site\\.ts \\(${Object.keys(wholeReport.hosts).length} hosts\\): .*; exit ${whole.code} `));
  const mergedReport = read(join(dir, 'merged.json'));
  expect(mergedReport.shard).toBeUndefined();
  const countsOf = (report: KeptReport) => Object.fromEntries(Object.entries(report.hosts).map(([host, data]) => [host, data.counts]));
  expect(countsOf(mergedReport)).toEqual(countsOf(wholeReport));
  const testcases = (xml: string) => execFileSync('xmllint', ['--xpath', 'string(/testsuites/@tests)', xml], { encoding: 'utf8' });
  expect(Number(testcases(join(dir, 'merged.xml')))).toBe(Object.values(wholeReport.hosts).reduce((sum, host) => sum + host.tasks.length + (host.handlersNotRun?.length ?? 0), 0));

  // A slice missing: no merged report, and an exit code no one reads as success.
  const partial = await corectl(['report', 'merge', slice(0), slice(2), '--report', `json=${join(dir, 'partial.json')}`]);
  expect(partial.code).toBe(4);
  expect(partial.stderr).toBe(`corectl report: slice 1/${SLICES} missing: the merged report would show a run that did not happen whole\n`);
  expect(existsSync(join(dir, 'partial.json'))).toBe(false);
});

it('a real run of a playbook with rolling batches is refused when sharded, before any host is touched', async () => {
  const result = await corectl(['run', SITE, '-i', testCluster().inventory, '--no-typecheck', '--shard', '1/2']);
  expect(result.code).toBe(4);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^corectl run: --shard 1\/2 splits the hosts, and these steps need them all: .*site\.ts:\d+:\d+: play "OS packages": serial, maxFailPercentage count hosts across the whole run/);
});
