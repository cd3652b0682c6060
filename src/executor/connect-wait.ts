// For a module whose step may meet a host that does not answer yet (ModuleDefinition.connectWait):
// the step is tried again until the host answers or the wait's time is up. Only "no answer" is
// waited out: a host key that does not match, or a key corectl cannot read, fails at once (a key
// the host refuses is waited out, as Ansible does: a new host may not have it yet).
import { setTimeout as sleep } from 'node:timers/promises';
import { ConnectionError, HostKeyError } from '../connection/errors.ts';
import { CorectlError } from '../errors/corectl-error.ts';
import { ExitCode } from '../errors/exit-codes.ts';

export class ConnectWaitTimeoutError extends CorectlError {
  override readonly name = 'ConnectWaitTimeoutError';
  override readonly exitCode = ExitCode.failed;
}

export interface ConnectWait {
  /** Seconds before the first try. */
  delay: number;
  /** Seconds between tries. */
  interval: number;
  /** Seconds from the start until the wait gives up. */
  timeout: number;
}

/** Runs `attempt` until it does not fail for want of an answer; `signal` (the run stopping) ends the wait. */
export async function untilConnected<T>(attempt: () => Promise<T>, wait: ConnectWait, signal?: AbortSignal): Promise<T> {
  const started = Date.now();
  const deadline = started + wait.timeout * 1000;
  const pause = (ms: number) => sleep(ms, undefined, signal ? { signal } : {}).catch(() => {});
  if (wait.delay > 0) await pause(wait.delay * 1000);
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ConnectionError) || error instanceof HostKeyError) throw error;
      const elapsed = Math.round((Date.now() - started) / 1000);
      if (signal?.aborted) throw new ConnectWaitTimeoutError(`the run was interrupted while waiting for the connection (${elapsed} s): ${error.message}`, { cause: error });
      if (Date.now() + wait.interval * 1000 >= deadline) throw new ConnectWaitTimeoutError(`timed out waiting for the connection after ${elapsed} s: ${error.message}`, { cause: error });
      await pause(wait.interval * 1000);
    }
  }
}
