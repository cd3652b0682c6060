// After a module said its host is rebooting: wait until the host answers again with another boot
// id, then hand back its fresh facts. The connection layer reconnects by itself; this only decides
// when the host counts as back, and gives up at the module's deadline.
import { setTimeout as sleep } from 'node:timers/promises';
import { ConnectionError } from '../connection/errors.ts';
import type { SshConnection } from '../connection/ssh-connection.ts';
import type { Facts } from '../facts/facts-schema.ts';
import { gatherFacts } from '../facts/gather-facts.ts';

export class RebootTimeoutError extends Error {
  override readonly name = 'RebootTimeoutError';
}

export async function waitForReboot(connection: SshConnection, previousBootId: string, timeoutMs: number, signal?: AbortSignal): Promise<Facts> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  let lastError = 'the host still reports the old boot id';
  while (Date.now() < deadline) {
    await sleep(Math.min(1000, Math.max(0, deadline - Date.now())));
    if (signal?.aborted) break;
    try {
      // A probe on the dying connection must not outlive the deadline either.
      const facts = await withDeadline(gatherFacts(connection, Math.max(1000, Math.min(30_000, deadline - Date.now()))), deadline);
      if (facts.bootId && facts.bootId !== previousBootId) return facts;
    } catch (error) {
      if (!(error instanceof ConnectionError) && !(error instanceof RebootTimeoutError)) throw error;
      lastError = error.message;
    }
  }
  if (signal?.aborted) {
    throw new RebootTimeoutError(`${connection.target.name}: stopped waiting for it to come back from the reboot (the run was interrupted); it may still be booting`);
  }
  throw new RebootTimeoutError(`${connection.target.name} did not come back from the reboot within ${Math.round(timeoutMs / 1000)} s (${lastError})`);
}

async function withDeadline<T>(work: Promise<T>, deadline: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RebootTimeoutError('deadline reached while reconnecting')), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
