// Probes in check mode (issue 34): a read-only command that a later `when` reads. With
// checkMode: false the probe runs in check mode too and the drift check is exact in both
// directions; without it, check mode says it cannot tell instead of deciding on a guess. Also:
// checkMode: true in a run only checks, and a read-only module's result is real in check mode.
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { file } from '../../modules/index.ts';
import { defineModule, moduleOptions, shellScript } from '../../src/module-api/index.ts';
import { corectl, onHost, runTasks, testCluster } from './helpers.ts';

const PROBE = 'test/fixtures/playbooks/probe-version.ts';

describe('probes in check mode', () => {
  const cluster = testCluster();
  const node = cluster.hosts[0]!.name;
  const setHost = (version: string) => onHost(node, `echo ${version} > /var/tmp/corectl-probe-version; rm -f /var/tmp/corectl-probe-upgraded`);
  const marker = async () => (await onHost(node, 'cat /var/tmp/corectl-probe-upgraded 2>/dev/null || echo none')).trim();
  const run = (mode: 'check' | 'run', env: Record<string, string>) => corectl([mode, PROBE, '-i', cluster.inventory, '--no-typecheck'], { CI: 'true', CORECTL_TEST_HOSTS: node, ...env });

  it('checkMode: false on the probe: no drift where the run changes nothing (the host has 1.2.3)', async () => {
    await setHost('1.2.3');
    const check = await run('check', { CORECTL_PROBE_CHECK_MODE: 'false' });
    expect(check.code, check.stdout).toBe(0);
    expect(check.stdout).toMatch(/^No drift: 1 of 1 host matches the playbook$/m);
    // The probe ran (it is ok, not "not run in check mode"), and the marker task decided on its answer.
    expect(check.stdout).toMatch(/^ok\s+\S+\s+version \(command cat \/var\/tmp\/corectl-probe-version\)$/m);
    expect(check.stdout).toMatch(/^skipped\s+\S+\s+upgrade marker \(file\): condition is false$/m);
    const real = await run('run', { CORECTL_PROBE_CHECK_MODE: 'false' });
    expect(real.code).toBe(0);
    expect(await marker()).toBe('none');
  });

  it('checkMode: false, inverted: drift exactly where the run then changes the host (the host has old)', async () => {
    await setHost('old');
    const check = await run('check', { CORECTL_PROBE_CHECK_MODE: 'false', CORECTL_PROBE_INVERT: '1' });
    expect(check.code, check.stdout).toBe(5);
    expect(check.stdout).toMatch(/^changed\s+\S+\s+upgrade marker /m);
    expect(await marker()).toBe('none');
    const real = await run('run', { CORECTL_PROBE_CHECK_MODE: 'false', CORECTL_PROBE_INVERT: '1' });
    expect(real.stdout).toMatch(/^changed\s+\S+\s+upgrade marker /m);
    expect(await marker()).toBe('upgraded');
  });

  it.each([['1.2.3', '0'], ['old', '1']])('without it (host has %s): check mode says it cannot tell, never drift or "No drift" on a guess', async (version, invert) => {
    await setHost(version);
    const check = await run('check', { CORECTL_PROBE_INVERT: invert });
    expect(check.code, check.stdout).toBe(0);
    expect(check.stdout).toMatch(/^skipped\s+\S+\s+upgrade marker \(file\): check mode cannot tell: its `when` reads the result of "version", which check mode did not run/m);
    expect(check.stdout).toMatch(/^Check mode could not tell \(they read results of tasks it does not run; give those checkMode: false\): \S+: upgrade marker$/m);
    expect(check.stdout).not.toMatch(/^No drift:/m);
    expect(check.stdout).not.toMatch(/drifted/);
  });

  it('checkMode: true in a run only checks: it says what it would change, and changes nothing', async () => {
    await onHost(node, 'rm -f /var/tmp/corectl-only-checked');
    const { finished } = await runTasks(node, [['only checked', file({ path: '/var/tmp/corectl-only-checked', content: 'x\n' }), { checkMode: true }]]);
    expect(finished[0]!.result).toMatchObject({ status: 'changed', message: expect.stringMatching(/^only checked \(checkMode: true\): nothing was changed/) });
    expect((await onHost(node, 'ls /var/tmp/corectl-only-checked 2>&1 || true'))).toMatch(/No such file/);
  });

  it("a read-only module runs in check mode, and a later task decides on its real result", async () => {
    const readFile = defineModule({
      name: 'readFile',
      readOnly: true,
      schema: moduleOptions('readFile', { path: z.string() }),
      describe: (o) => o.path,
      remote: (o) => ({ script: shellScript('cat -- "$1"', o.path) }),
    });
    await setHost('1.2.3');
    const probe = readFile({ path: '/var/tmp/corectl-probe-version' });
    const { finished } = await runTasks(node, [
      ['read', probe],
    ], { check: true });
    expect(finished[0]!.result).toMatchObject({ status: 'ok', stdout: '1.2.3\n' });
    expect(finished[0]!.unknown).toBeUndefined();
  });
});
