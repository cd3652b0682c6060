// How a run stops early. Ctrl-C, SIGTERM (systemctl stop, podman stop, Kubernetes) and SIGHUP (a
// closed terminal) all do the same: no new task starts, running ones get a bounded time to finish,
// then the recap and the reports are written and corectl exits with 128 + the signal's number. A
// second signal, or the end of the grace time, stops waiting: connections are closed and the tasks
// still running are reported as interrupted.
import { RunInterrupted, type StopSignal } from '../executor/run-interrupted.ts';

const STOP_SIGNALS: StopSignal[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export interface StopControl {
  readonly signal: AbortSignal;
  /** Aborted when the run stops waiting (a second signal, the grace time over): waits end now. */
  readonly abandoned: AbortSignal;
  /** Asks the run to stop (a signal arrived, or a key in the live view: `by` names the key). */
  stop(cause: StopSignal, by?: string): void;
  dispose(): void;
}

export interface StopHandlers {
  graceMs: number;
  /** Told once, when the run starts stopping. */
  onStopping(interrupt: RunInterrupted, graceMs: number): void;
  /** Stop waiting for running tasks: close the connections. */
  onAbandon(interrupt: RunInterrupted): void | Promise<void>;
  /**
   * The run did not end by itself soon after it was abandoned: the reports are written from what
   * is known (bounded), then corectl exits. Never an exit without them.
   */
  beforeForcedExit?(interrupt: RunInterrupted): Promise<void>;
}

/** After abandoning, how long the run gets to end by itself and write its reports. */
export const FORCED_EXIT_MS = 10_000;
/** How long the forced exit gives the reports (a slow webhook must not hold the exit). */
const FORCED_REPORTS_MS = 5_000;

/** Listens for the stop signals for as long as a run lasts. */
export function watchStopSignals(handlers: StopHandlers): StopControl {
  const abort = new AbortController();
  const abandonment = new AbortController();
  let grace: NodeJS.Timeout | undefined;
  const abandon = () => {
    if (abandonment.signal.aborted) return;
    const interrupt = abort.signal.reason as RunInterrupted;
    abandonment.abort(interrupt);
    clearTimeout(grace);
    void handlers.onAbandon(interrupt);
    // The recap and reports normally follow in milliseconds; never hang on the way out, and never
    // leave without the reports.
    setTimeout(() => {
      const reports = handlers.beforeForcedExit?.(interrupt) ?? Promise.resolve();
      const bound = new Promise((resolve) => setTimeout(resolve, FORCED_REPORTS_MS).unref());
      void Promise.race([reports.catch(() => {}), bound]).then(() => process.exit(interrupt.exitCode));
    }, FORCED_EXIT_MS).unref();
  };
  const stop = (cause: StopSignal, by?: string) => {
    if (abort.signal.aborted) return abandon();
    const interrupt = new RunInterrupted(cause, new Date(), by);
    abort.abort(interrupt);
    handlers.onStopping(interrupt, handlers.graceMs);
    grace = setTimeout(abandon, handlers.graceMs);
    grace.unref();
  };
  const listeners = STOP_SIGNALS.map((name) => [name, () => stop(name)] as const);
  for (const [name, listener] of listeners) process.on(name, listener);
  return {
    signal: abort.signal,
    abandoned: abandonment.signal,
    stop,
    dispose() {
      clearTimeout(grace);
      for (const [name, listener] of listeners) process.off(name, listener);
    },
  };
}
