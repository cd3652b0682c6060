// After a module said its host is rebooting: wait until the host answers again with another boot
// id, then hand back its fresh facts. The connection layer reconnects by itself; this only decides
// when the host counts as back, and gives up at the module's deadline.
import { CorectlError } from '../errors/corectl-error.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConnectionError } from '../connection/errors.ts';
import type { HostConnection } from '../connection/host-connection.ts';
import type { Facts } from '../facts/facts-schema.ts';
import { gatherFacts } from '../facts/gather-facts.ts';

export class RebootTimeoutError extends CorectlError {
  override readonly name = 'RebootTimeoutError';
  override readonly exitCode = ExitCode.failed;
}

/**
 * After the run is told to stop, a host in the middle of its reboot is still waited for this long:
 * most hosts are back within it, and then the run can say where they are instead of guessing.
 */
export const AFTER_INTERRUPT_MS = 15_000;

/**
 * `signal`: the run was asked to stop (the host still gets AFTER_INTERRUPT_MS); `abandon`: the run
 * stopped waiting (a second signal), and so does this, at once.
 */
export async function waitForReboot(connection: HostConnection, previousBootId: string, timeoutMs: number, signal?: AbortSignal, probe = gatherFacts, abandon?: AbortSignal): Promise<Facts> {
  const started = Date.now();
  let deadline = started + timeoutMs;
  let interruptedAt: number | undefined;
  let lastError = 'the host still reports the old boot id';
  const abandoned = abandon ? new Promise<void>((resolve) => abandon.addEventListener('abort', () => resolve(), { once: true })) : undefined;
  while (Date.now() < deadline) {
    if (signal?.aborted && interruptedAt === undefined) {
      interruptedAt = Date.now();
      deadline = Math.min(deadline, interruptedAt + AFTER_INTERRUPT_MS);
    }
    if (abandon?.aborted) {
      interruptedAt ??= Date.now();
      break;
    }
    await Promise.race([sleep(Math.min(1000, Math.max(0, deadline - Date.now()))), ...(abandoned ? [abandoned] : [])]);
    if (abandon?.aborted) continue;
    try {
      // A probe on the dying connection must not outlive the deadline either.
      const probed = withDeadline(probe(connection, Math.max(1000, Math.min(30_000, deadline - Date.now()))), deadline);
      const facts = await Promise.race([probed, ...(abandoned ? [abandoned.then(() => undefined)] : [])]);
      if (!facts) {
        probed.catch(() => {});
        continue;
      }
      if (facts.bootId && facts.bootId !== previousBootId) return facts;
    } catch (error) {
      if (!(error instanceof ConnectionError) && !(error instanceof RebootTimeoutError)) throw error;
      lastError = error.message;
    }
  }
  const name = connection.target.name;
  if (interruptedAt !== undefined) {
    throw new RebootTimeoutError(`the run was interrupted while waiting for ${name} to come back from its reboot; it had not come back ${Math.round((Date.now() - started) / 1000)} s after the reboot began (${lastError}): it may still be booting, and which deployment it boots is not known`);
  }
  throw new RebootTimeoutError(`${name} did not come back from the reboot within ${Math.round(timeoutMs / 1000)} s (${lastError})`);
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
