// A stop signal that arrives while corectl is still starting (building or loading its engine,
// before a command has its own handlers) is kept by bin/corectl.js instead of ending the process
// silently. A run takes it and stops at once with its report; any other command lets it act as it
// would have: the process ends by that signal.
import type { StopSignal } from '../executor/run-interrupted.ts';

/** Where bin/corectl.js keeps the first stop signal and its listeners (a global: the entry is plain JS, loaded before the engine). */
const EARLY = Symbol.for('corectl.earlyStop');

interface EarlyStop {
  signal?: StopSignal;
  listeners: [StopSignal, () => void][];
}

/** Removes the early listeners; the first signal they caught, if any. */
export function takeEarlyStop(): StopSignal | undefined {
  const early = (globalThis as Record<symbol, EarlyStop | undefined>)[EARLY];
  if (!early) return undefined;
  for (const [name, listener] of early.listeners) process.off(name, listener);
  early.listeners = [];
  return early.signal;
}

/** For commands without stop handling of their own: a signal caught while starting ends the process as it would have. */
export function releaseEarlyStop(): void {
  const signal = takeEarlyStop();
  if (signal) process.kill(process.pid, signal);
}
