// Giving up on a reboot: an interrupted wait says so, rather than claiming the host timed out.
import { describe, expect, it } from 'vitest';
import type { SshConnection } from '../../../src/connection/ssh-connection.ts';
import { RebootTimeoutError, waitForReboot } from '../../../src/executor/wait-for-reboot.ts';

describe('waitForReboot', () => {
  it('reports an interrupted wait as interrupted, without probing the host', async () => {
    const connection = { target: { name: 'node1' } } as unknown as SshConnection;
    const wait = waitForReboot(connection, 'old-boot', 600_000, AbortSignal.abort());
    await expect(wait).rejects.toBeInstanceOf(RebootTimeoutError);
    await expect(waitForReboot(connection, 'old-boot', 600_000, AbortSignal.abort())).rejects.toThrow(
      'node1: stopped waiting for it to come back from the reboot (the run was interrupted); it may still be booting',
    );
  });
});
