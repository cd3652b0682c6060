// secretFile on real hosts: the value lands only on tmpfs (/run) with its mode and owner, kept
// across a real reboot by systemd-creds' encrypted copy and the unit that writes it again at boot,
// never in plain text on a disk, never in what the run reports; check mode, idempotence, `persist:
// false` and `absent`.
import { describe, expect, it } from 'vitest';
import { reboot, secretFile } from '../../modules/index.ts';
import { onHost, runTasks, testCluster } from './helpers.ts';

const PATH = '/run/secrets/corectl-test/token';
const VALUE = 'tok-7f3a9c41e2b8d05e-do-not-print';

describe('secretFile', () => {
  const node = testCluster().hosts[0]!.name;
  const put = (content: string, more: Partial<Parameters<typeof secretFile>[0]> = {}) => secretFile({ path: PATH, content, owner: 65534, group: 65534, mode: '0440', ...more });
  /** Everything the run reported, as text: the secret must be nowhere in it. */
  const reported = (run: Awaited<ReturnType<typeof runTasks>>) => JSON.stringify(run.events);

  it('writes the file on tmpfs only, keeps an encrypted copy and a boot unit, and changes nothing the second time', async () => {
    await onHost(node, `rm -rf /run/secrets/corectl-test; rm -f /etc/credstore.encrypted/corectl-secret-*; rm -f /etc/systemd/system/corectl-secret-*.service; systemctl daemon-reload`);
    const check = await runTasks(node, [['token', put(VALUE)]], { check: true });
    expect(check.statuses).toEqual(['token: changed']);
    expect(await onHost(node, `test -e ${PATH} && echo there || echo absent`)).toBe('absent\n');

    const first = await runTasks(node, [['token', put(VALUE)]]);
    expect(first.statuses).toEqual(['token: changed']);
    expect(reported(first)).not.toContain(VALUE);
    expect(await onHost(node, `cat ${PATH}; echo; stat -c '%a %u %g' ${PATH}; findmnt -n -o FSTYPE -T ${PATH}`)).toBe(`${VALUE}\n440 65534 65534\ntmpfs\n`);
    // The copy that survives a reboot is encrypted: the value is nowhere in plain text on a disk.
    expect(await onHost(node, `grep -rlF -- '${VALUE}' /etc /var /root /home /tmp /var/tmp 2>/dev/null | head -n 3; ls /etc/credstore.encrypted | grep -c corectl-secret-; systemctl is-enabled $(basename /etc/systemd/system/corectl-secret-*.service)`))
      .toBe('1\nenabled\n');

    const again = await runTasks(node, [['token', put(VALUE)]]);
    expect(again.statuses).toEqual(['token: ok']);
    const recheck = await runTasks(node, [['token', put(VALUE)]], { check: true });
    expect(recheck.statuses).toEqual(['token: ok']);
  });

  it('is there again after a real reboot, with its mode and owner', async () => {
    // A container's kernel boot id is its machine's: pid 1's start time tells its boots apart.
    const boot = () => onHost(node, 'cut -d" " -f22 /proc/1/stat');
    const bootBefore = await boot();
    const run = await runTasks(node, [['reboot', reboot({ force: true, timeout: 120 })]]);
    expect(run.summary.failed).toBe(false);
    expect(await boot()).not.toBe(bootBefore);
    expect(await onHost(node, `cat ${PATH}; echo; stat -c '%a %u %g' ${PATH}; systemctl is-active $(basename /etc/systemd/system/corectl-secret-*.service)`)).toBe(`${VALUE}\n440 65534 65534\nactive\n`);
    expect((await runTasks(node, [['token', put(VALUE)]])).statuses).toEqual(['token: ok']);
  });

  it('a new value replaces both copies; check mode predicts it without touching either', async () => {
    const next = `${VALUE}-2`;
    const check = await runTasks(node, [['token', put(next)]], { check: true });
    expect(check.statuses).toEqual(['token: changed']);
    expect(await onHost(node, `cat ${PATH}`)).toBe(VALUE);
    const run = await runTasks(node, [['token', put(next)]]);
    expect(run.statuses).toEqual(['token: changed']);
    expect(reported(run)).not.toContain(next);
    expect(await onHost(node, `cat ${PATH}; echo; systemd-creds decrypt --name=$(basename /etc/credstore.encrypted/corectl-secret-*) /etc/credstore.encrypted/corectl-secret-* -`)).toBe(`${next}\n${next}`);
  });

  it('persist: false keeps the file and removes what would put it back at boot; absent removes the file', async () => {
    const unkept = await runTasks(node, [['token', put(`${VALUE}-2`, { persist: false })]]);
    expect(unkept.statuses).toEqual(['token: changed']);
    expect(await onHost(node, `cat ${PATH}; echo; ls /etc/credstore.encrypted /etc/systemd/system | grep -c corectl-secret- || :`)).toBe(`${VALUE}-2\n0\n`);
    expect((await runTasks(node, [['token', put(`${VALUE}-2`, { persist: false })]])).statuses).toEqual(['token: ok']);
    const gone = await runTasks(node, [['token', secretFile({ path: PATH, state: 'absent' })]]);
    expect(gone.statuses).toEqual(['token: changed']);
    expect(await onHost(node, `test -e ${PATH} && echo there || echo absent`)).toBe('absent\n');
    expect((await runTasks(node, [['token', secretFile({ path: PATH, state: 'absent' })]])).statuses).toEqual(['token: ok']);
  });
});
