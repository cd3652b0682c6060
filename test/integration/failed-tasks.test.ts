// A failed task is failed, never changed as well, unless it really changed something first, and
// then it says what: in the recap, the JSON report and the JUnit report.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corectl, onHost, testCluster } from './helpers.ts';

const PLAYBOOK = 'test/fixtures/playbooks/failing-tasks.ts';

describe('failed tasks', () => {
  it('are changed only when they changed something before failing, and say what', async () => {
    const cluster = testCluster();
    const node = cluster.hosts[0]!.name;
    for (const host of cluster.hosts) await onHost(host.name, 'rm -rf /tmp/corectl-failing; mkdir /tmp/corectl-failing; echo old > /tmp/corectl-failing/conf; rm -f /etc/systemd/system/corectl-failing.service; systemctl daemon-reload');
    const dir = mkdtempSync(join(tmpdir(), 'corectl-failed-'));
    const result = await corectl(['run', PLAYBOOK, '-i', cluster.inventory, '--no-typecheck', '--plain', '--report', `json=${join(dir, 'r.json')}`, '--report', `junit=${join(dir, 'r.xml')}`]);
    expect(result.stdout).toMatch(new RegExp(`${node} +ok=0 changed=1 failed=0 skipped=0 unreachable=0 ignored=2`));

    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    type Task = { task: string; status: string; changed: boolean; message: string };
    const tasks: Record<string, Task> = Object.fromEntries((report.hosts[node].tasks as Task[]).map((t) => [t.task, t]));
    expect(tasks['rejected by validate']).toMatchObject({ status: 'ignored', changed: false });
    expect(tasks['rejected by validate']!.message).toMatch(/failed to validate/);
    expect(tasks['unit written, start fails']).toMatchObject({ status: 'ignored', changed: true });
    expect(tasks['unit written, start fails']!.message).toMatch(/changed before failing: .*content differs|changed before failing: file is missing/);
    expect(await onHost(node, 'cat /tmp/corectl-failing/conf; test -e /etc/systemd/system/corectl-failing.service && echo written')).toBe('old\nwritten\n');

    const junit = readFileSync(join(dir, 'r.xml'), 'utf8');
    expect(junit).toMatch(/name="failures: rejected by validate[^"]*"[^>]*>\s*<skipped message="[^"]*failed to validate/);
    for (const host of cluster.hosts) await onHost(host.name, 'rm -rf /tmp/corectl-failing; rm -f /etc/systemd/system/corectl-failing.service; systemctl daemon-reload');
  });
});
