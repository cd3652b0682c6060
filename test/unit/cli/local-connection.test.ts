// `ansible_connection=local` and Ansible's implicit localhost: tasks run on the controller itself,
// without SSH, as the user corectl runs as.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CORECTL = resolve('bin/corectl.js');

function corectl(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [CORECTL, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

describe('hosts reached without SSH', () => {
  const dir = mkdtempSync(join(tmpdir(), 'corectl-local-'));
  // Nothing listens on port 1: were SSH tried, every command would fail as unreachable.
  writeFileSync(join(dir, 'hosts.ini'), '[controller]\nbuild ansible_connection=local ansible_user=nobody-here\n[remote]\nfar ansible_host=127.0.0.1 ansible_port=1\n');

  it('runs commands of an ansible_connection=local host on the controller, as the user corectl runs as', () => {
    const result = corectl(['exec', 'build', '-i', join(dir, 'hosts.ini'), '--', 'id -un; echo "pid $$"']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`build\\s+\\| ${userInfo().username}\\n`));
    expect(result.stdout).toMatch(/build\s+\| pid \d+/);
    expect(result.stdout).toMatch(/^1 host: 1 ok, 0 failed, 0 unreachable$/m);
  });

  it('selects the implicit localhost by name only, and converges it with a playbook', () => {
    expect(corectl(['inventory', '-i', join(dir, 'hosts.ini'), '--list-hosts', 'all']).stdout).not.toContain('localhost');
    expect(corectl(['inventory', '-i', join(dir, 'hosts.ini'), '--list-hosts', 'localhost']).stdout).toBe('  hosts (1):\n    localhost\n');
    const path = join(dir, 'written');
    const env = { CORECTL_TEST_PATH: path, CORECTL_TEST_HOSTS: 'localhost' };
    const first = corectl(['run', resolve('test/fixtures/playbooks/controller-file.ts'), '-i', join(dir, 'hosts.ini'), '--plain'], env);
    expect(first.status, first.stdout + first.stderr).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe('written on the controller\n');
    expect(statSync(path).mode & 0o777).toBe(0o640);
    expect(first.stdout).toMatch(/localhost\s+.*changed=1/);
    const again = corectl(['check', resolve('test/fixtures/playbooks/controller-file.ts'), '-i', join(dir, 'hosts.ini'), '--plain'], env);
    expect(again.status, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toMatch(/localhost\s+.*changed=0/);
  });
});

describe('the pre-flight check of computed options', () => {
  it("checks options that read an earlier task's result, and names those it cannot compute", () => {
    const dir = mkdtempSync(join(tmpdir(), 'corectl-preflight-'));
    writeFileSync(join(dir, 'hosts.ini'), 'build ansible_connection=local\n');
    const marker = join(dir, 'marker');
    const result = corectl(['run', resolve('test/fixtures/playbooks/typo-reading-a-result.ts'), '-i', join(dir, 'hosts.ini'), '--plain', '--no-typecheck'], { CORECTL_TEST_PATH: marker, CORECTL_TEST_HOSTS: 'build', CI: 'true' });
    expect(result.status, result.stdout + result.stderr).toBe(4);
    expect(result.stderr).toMatch(/typo-reading-a-result\.ts:\d+:\d+: task "uses the probe": file: unknown option `contnet`.* \(for build\)/);
    expect(result.stdout + result.stderr).toMatch(/typo-reading-a-result\.ts:\d+:\d+: task "parses the probe": its options cannot be computed before the run \(.*JSON.*\); a misspelt option in them is found only when the task runs/);
    expect(() => statSync(marker)).toThrow();
  });
});
