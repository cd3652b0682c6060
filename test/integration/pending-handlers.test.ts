// Handlers a run owes a host: a changed config notifies a restart, a later task fails, the run
// ends. The restart must not be lost: it is recorded on the host, the drift check reports it, the
// next run runs it (once), and --force-handlers / forceHandlers run it in the failed run itself.
import { beforeEach, describe, expect, it } from 'vitest';
import { corectl, onHost, testCluster } from './helpers.ts';

const PLAYBOOK = 'test/fixtures/playbooks/pending-handler.ts';
const RECORD = '/var/lib/corectl/pending-handlers';

describe('pending handlers', () => {
  const cluster = testCluster();
  const host = cluster.hosts[1]!.name; // the coreos-shaped node: bash as /bin/sh
  const run = (args: string[], env: Record<string, string> = {}) =>
    corectl([...args, PLAYBOOK, '-i', cluster.inventory, '--no-typecheck', '--plain'], { CI: 'true', CORECTL_TEST_HOSTS: host, ...env });
  const restarts = async () => (await onHost(host, 'cat /var/tmp/corectl-app-restarts 2>/dev/null || true')).trim().split('\n').filter(Boolean).length;
  const record = () => onHost(host, `cat ${RECORD} 2>/dev/null || echo none`);

  beforeEach(() => onHost(host, `rm -f /etc/corectl-app.conf /var/tmp/corectl-app-restarts ${RECORD}`));

  it('a failed run leaves its handler recorded on the host; check reports it as drift; the next run runs it once', async () => {
    const failed = await run(['run'], { CORECTL_TEST_FAIL: '1', CORECTL_TEST_CONTENT: 'setting=2\n' });
    expect(failed.code).toBe(2);
    expect(failed.stdout).toMatch(new RegExp(`^failed\\s+${host}\\s+later step .*later step broke`, 'm'));
    expect(await restarts()).toBe(0);
    const recorded = JSON.parse(await record()) as { play: string; handler: string; playbook: string; since: string }[];
    expect(recorded).toEqual([{ play: 'app', handler: 'restart app', playbook: 'pending-handler.ts', since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }]);
    expect(await onHost(host, `stat -c '%a %U' ${RECORD}`)).toBe('644 root\n');
    expect(failed.stderr + failed.stdout).toContain(`${host}: handler "restart app" of play "app" is pending since ${recorded[0]!.since}: it did not run; it is recorded on the host, and the next run runs it`);

    // The nightly drift check: the config is in place, but the restart is owed.
    const check = await run(['check'], { CORECTL_TEST_CONTENT: 'setting=2\n' });
    expect(check.code).toBe(5);
    expect(check.stdout).toMatch(new RegExp(`^changed\\s+${host}\\s+handler: restart app .*pending since ${recorded[0]!.since.replaceAll('.', '\\.')} \\(notified by a run of pending-handler\\.ts that ended before running it\\)`, 'm'));
    expect(check.stdout).toMatch(new RegExp(`^ok\\s+${host}\\s+app config`, 'm'));
    expect(await restarts()).toBe(0);
    expect(JSON.parse(await record())).toEqual(recorded);

    const next = await run(['run'], { CORECTL_TEST_CONTENT: 'setting=2\n' });
    expect(next.code).toBe(0);
    expect(next.stdout).toMatch(new RegExp(`^changed\\s+${host}\\s+handler: restart app .*pending since`, 'm'));
    expect(await restarts()).toBe(1);
    expect(await record()).toBe('none\n');

    const clean = await run(['check'], { CORECTL_TEST_CONTENT: 'setting=2\n' });
    expect(clean.code).toBe(0);
    expect(await restarts()).toBe(1);
  });

  it('a run that completes runs its handler and leaves no record', async () => {
    const result = await run(['run']);
    expect(result.code).toBe(0);
    expect(await restarts()).toBe(1);
    expect(await record()).toBe('none\n');
  });

  it.each([
    ['--force-handlers', ['--force-handlers'], {}],
    ['the play option forceHandlers', [], { CORECTL_TEST_FORCE_HANDLERS: '1' }],
  ])('%s runs the handler on the host whose later task failed', async (_how, args, env) => {
    const result = await run(['run', ...args], { CORECTL_TEST_FAIL: '1', ...env });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(new RegExp(`^changed\\s+${host}\\s+handler: restart app`, 'm'));
    expect(await restarts()).toBe(1);
    expect(await record()).toBe('none\n');
  });
});
