// A run stopped from the live view says what stopped it: the q key is not "Ctrl-C (SIGINT)",
// though it stops the same way and exits 130.
import { describe, expect, it } from 'vitest';
import { watchStopSignals } from '../../../src/cli/stop-signals.ts';
import type { RunInterrupted } from '../../../src/executor/run-interrupted.ts';

describe('stopping a run', () => {
  it('names the key that stopped it, with the exit code of Ctrl-C', () => {
    const notices: string[] = [];
    const stop = watchStopSignals({ graceMs: 60_000, onStopping: (interrupt) => notices.push(interrupt.message), onAbandon: () => {} });
    try {
      stop.stop('SIGINT', 'the q key');
      const reason = stop.signal.reason as RunInterrupted;
      expect(reason.message).toMatch(/^interrupted by the q key at \d{4}-/);
      expect(reason.exitCode).toBe(130);
      expect(notices).toEqual([reason.message]);
    } finally {
      stop.dispose();
    }
  });

  it('says Ctrl-C (SIGINT) for the signal itself', () => {
    const stop = watchStopSignals({ graceMs: 60_000, onStopping: () => {}, onAbandon: () => {} });
    try {
      stop.stop('SIGINT');
      expect((stop.signal.reason as RunInterrupted).message).toMatch(/^interrupted by Ctrl-C \(SIGINT\) at /);
    } finally {
      stop.dispose();
    }
  });
});
