// Why a run stopped before its end: the abort signal's reason when a stop signal arrived. The
// executor reads it to say so in results, the recap and the reports.
import { constants } from 'node:os';
import { CorectlError } from '../errors/corectl-error.ts';

export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

/** Why a run stopped early; the abort signal's reason. */
export class RunInterrupted extends CorectlError {
  override readonly name = 'RunInterrupted';
  /** 128 + the signal's number, as a shell reports a process a signal ended. */
  override readonly exitCode: number;
  /** `by`: what a person did when it was not a signal (the live view's q key); it stops as Ctrl-C does. */
  constructor(readonly stopSignal: StopSignal, readonly at = new Date(), readonly by?: string) {
    super(`interrupted by ${by ?? (stopSignal === 'SIGINT' ? 'Ctrl-C (SIGINT)' : stopSignal)} at ${at.toISOString()}`);
    this.exitCode = 128 + constants.signals[this.stopSignal];
  }
}

/** The interrupt behind an aborted run signal, if that is why it was aborted. */
export function interruptOf(signal: AbortSignal | undefined): RunInterrupted | undefined {
  return signal?.aborted && signal.reason instanceof RunInterrupted ? signal.reason : undefined;
}

/**
 * `work`'s value, or undefined as soon as `signal` aborts (the work is left to end by itself); a
 * rejection of `work` that comes first is thrown. Without a signal, simply `work`.
 */
export async function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T | undefined> {
  if (!signal) return work;
  if (signal.aborted) return undefined;
  let onAbort: () => void = () => {};
  const aborted = new Promise<undefined>((resolve) => {
    onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
