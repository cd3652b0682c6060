// Waiting for a reboot when the run is told to stop: the host is still given a short while, and
// the result says what is known: back on a new boot, or not back yet (state unknown).
import { describe, expect, it } from 'vitest';
import { ConnectionLostError } from '../../../src/connection/errors.ts';
import type { SshConnection } from '../../../src/connection/ssh-connection.ts';
import type { Facts } from '../../../src/facts/facts-schema.ts';
import { parseFacts } from '../../../src/facts/parse-facts.ts';
import { RebootTimeoutError, waitForReboot } from '../../../src/executor/wait-for-reboot.ts';

const connection = { target: { name: 'node1' } } as unknown as SshConnection;
const factsWithBoot = (bootId: string): Facts => ({ ...parseFacts(''), bootId });

describe('waitForReboot after the run was interrupted', () => {
  it('hands back the new boot when the host comes back within the short wait', async () => {
    let probes = 0;
    const probe = async () => (++probes < 2 ? factsWithBoot('old-boot') : factsWithBoot('new-boot'));
    const facts = await waitForReboot(connection, 'old-boot', 600_000, AbortSignal.abort(), probe);
    expect(facts.bootId).toBe('new-boot');
  });

  it('says the run was interrupted and the state is unknown when the host does not answer', async () => {
    const probe = async (): Promise<Facts> => {
      throw new ConnectionLostError('node1', 'node1: connection refused');
    };
    const wait = waitForReboot(connection, 'old-boot', 2_500, AbortSignal.abort(), probe);
    await expect(wait).rejects.toBeInstanceOf(RebootTimeoutError);
    await expect(waitForReboot(connection, 'old-boot', 2_500, AbortSignal.abort(), probe)).rejects.toThrow(
      /^the run was interrupted while waiting for node1 to come back from its reboot; it had not come back \d+ s after the reboot began \(node1: connection refused\): it may still be booting/,
    );
  });

  it('ends at once when the run stops waiting (a second signal), even inside a probe that hangs', async () => {
    const hanging = () => new Promise<Facts>(() => {});
    const abandon = new AbortController();
    const started = Date.now();
    const wait = waitForReboot(connection, 'old-boot', 600_000, AbortSignal.abort(), hanging, abandon.signal);
    setTimeout(() => abandon.abort(), 1_500);
    await expect(wait).rejects.toThrow(/^the run was interrupted while waiting for node1 to come back from its reboot/);
    // Not the 15 s a host gets after the first signal, nor the probe's 30 s.
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

