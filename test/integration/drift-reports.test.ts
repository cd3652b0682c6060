// The nightly drift check: exit codes on in-sync, drifted and unreachable fleets, the JSON and
// JUnit reports (JUnit checked with the real xmllint), and the webhook summary.
import { jsonReportSchema } from '../../src/report/report-schema.ts';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { webhookReceiver } from '../webhook-receiver.ts';
import { corectl, inventoryWithGhost, onHost, testCluster } from './helpers.ts';

const SITE = 'playbooks/site.ts';
/** The first converge of the site reboots every host in turn (it layers a package). */
const ROLLING_REBOOT_MS = 300_000;

describe('drift check job', () => {
  const cluster = testCluster();
  const nodes = cluster.hosts.map((h) => h.name);
  const dir = mkdtempSync(join(tmpdir(), 'corectl-reports-'));
  // Every check here is kept (--runs-dir), two at most: the last test reads them back.
  const runs = join(dir, 'runs');
  const kept = ['--runs-dir', runs, '--keep-runs', '2'];
  const check = (...extra: string[]) => corectl(['check', SITE, '-i', cluster.inventory, '--no-typecheck', '--report', `json=${join(dir, 'report.json')}`, '--report', `junit=${join(dir, 'junit.xml')}`, ...kept, ...extra]);
  const xpath = (expression: string) => execFileSync('xmllint', ['--xpath', expression, join(dir, 'junit.xml')], { encoding: 'utf8' }).trim();

  it('exits 0 on an in-sync fleet, with reports that say so', async () => {
    expect((await corectl(['run', SITE, '-i', cluster.inventory, '--no-typecheck'])).code).toBe(0);
    const result = await check();
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report).toMatchObject({ schema: 'corectl.report/v1', exitCode: 0, check: true, finished: true });
    expect(Object.keys(report.hosts)).toEqual(expect.arrayContaining(nodes));
    // The report a run wrote follows the published schema.
    expect(jsonReportSchema.safeParse(report).error).toBeUndefined();
    expect(report.corectl).toMatch(/^\d+\.\d+\.\d+/);
    const cases = Object.values(report.hosts as Record<string, { tasks: unknown[]; handlersNotRun?: unknown[] }>).reduce((sum, host) => sum + host.tasks.length + (host.handlersNotRun?.length ?? 0), 0);
    expect(xpath('count(//testcase)')).toBe(String(cases));
    expect(xpath('string(/testsuites/@tests)')).toBe(String(cases));
    expect(xpath('count(//failure)')).toBe('0');
  }, ROLLING_REBOOT_MS);

  it('exits 5 on drift, reports the drifted task with its diff, and posts the summary', async () => {
    const { url, received, close } = await webhookReceiver();
    try {
      await onHost(nodes[1]!, 'echo "net.core.somaxconn = 128" > /etc/sysctl.d/90-corectl-net.core.somaxconn.conf');
      const result = await check('--notify-webhook', url);
      expect(result.code).toBe(5);
      const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
      const drifted = report.hosts[nodes[1]!].tasks.filter((t: { changed: boolean }) => t.changed);
      expect(drifted).toEqual([expect.objectContaining({ task: 'larger listen backlog', status: 'changed', diff: { unified: expect.stringContaining('-net.core.somaxconn = 128') } })]);
      expect(xpath('count(//failure[@type="drift"])')).toBe('1');
      expect(xpath(`string(//testsuite[@name="${nodes[1]}"]/testcase[failure]/@name)`)).toBe('Base system: larger listen backlog');
      expect(xpath('string(//failure[@type="drift"])')).toContain('+net.core.somaxconn = 4096');
      expect(received).toEqual([expect.objectContaining({ schema: 'corectl.drift/v1', drifted: { [nodes[1]!]: ['larger listen backlog'] }, unreachable: [], failed: [] })]);
    } finally {
      close();
      await corectl(['run', SITE, '-i', cluster.inventory, '--no-typecheck']);
    }
  });

  it('exits 3 when a host is unreachable, and the JUnit report shows it as an error', async () => {
    const result = await corectl(['check', SITE, '-i', inventoryWithGhost(252), '--no-typecheck', '--connect-timeout', '2', '--report', `junit=${join(dir, 'junit.xml')}`, ...kept]);
    expect(result.code).toBe(3);
    expect(xpath('string(//testsuite[@name="ghost"]/testcase/error/@type)')).toBe('unreachable');
  });

  it('keeps each run\'s report (the newest two here) and shows them with corectl runs', async () => {
    const files = readdirSync(runs).sort();
    expect(files).toHaveLength(2);
    expect(files.every((file) => /^\d{8}-\d{6}-check(-\d+)?\.json$/.test(file))).toBe(true);
    const list = await corectl(['runs', '--runs-dir', runs]);
    expect(list.code).toBe(0);
    const rows = list.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^ID\s+STARTED \(UTC\)\s+PLAYBOOK\s+EXIT\s+OUTCOME$/);
    // Oldest first: the drift found on one node, then the unreachable ghost.
    expect(rows.slice(1)).toEqual([
      expect.stringMatching(new RegExp(`-check\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+site\\.ts\\s+5 \\(drift\\)\\s+1 of \\d+ hosts drifted: ${nodes[1]}$`)),
      expect.stringMatching(/\s+3 \(unreachable\)\s+.*unreachable: ghost/),
    ]);
    const drift = await corectl(['runs', 'show', files[0]!.replace('.json', ''), '--runs-dir', runs]);
    expect(drift.stdout).toContain('exit 5 (drift)');
    expect(drift.stdout).toMatch(new RegExp(`^${nodes[1]}: would change: Base system / larger listen backlog`, 'm'));
    expect(drift.stdout).toContain('    +net.core.somaxconn = 4096');
    const latest = await corectl(['runs', 'show', 'latest'], { CORECTL_RUNS_DIR: runs });
    expect(latest.stdout).toMatch(/^ghost: unreachable: /m);
    const json = await corectl(['runs', 'show', 'latest', '--json', '--runs-dir', runs]);
    expect(JSON.parse(json.stdout)).toMatchObject({ schema: 'corectl.report/v1', exitCode: 3 });
  });
});
