// Runs the live view for a run: events go through the reducer into <LiveView>; keys q/Ctrl-C
// stop the run as SIGINT does (a second one stops waiting), v toggles task output. Diffs are
// printed under their task as it finishes (once). At the end the live region is replaced by the
// failed tasks, the drift line of a check, and the recap.
import { render, useInput } from 'ink';
import { useEffect, useState } from 'react';
import type { RunEvent } from '../../executor/events.ts';
import { formatEvent } from '../plain-reporter.ts';
import { RunOutcome } from '../run-outcome.ts';
import { LiveView } from './LiveView.tsx';
import { initialViewState, reduceView, type ViewState } from './view-state.ts';

/** At most this often the screen follows the run: ten frames a second. */
const FRAME_MS = 100;

export interface LiveReporter {
  emit(event: RunEvent): void;
  /** A notice for the operator (the run is stopping): shown now, and kept above the recap. */
  notice(text: string): void;
  finish(): Promise<void>;
  /** The terminal is gone: stop drawing now, write nothing more (the reports still are written). */
  detach(): void;
}

export function startLiveReporter(options: { diff: boolean; onStop: (by?: string) => void; write?: (text: string) => void }): LiveReporter {
  let state = initialViewState(options);
  const listeners = new Set<(s: ViewState) => void>();
  // Events come by the thousand a second on a big fleet; rendering each one cost more CPU than the
  // run itself at 1,000 hosts. The state follows every event; the screen, at most once a frame
  // (keys, notices and the end at once).
  let frame: NodeJS.Timeout | undefined;
  const publish = () => {
    clearTimeout(frame);
    frame = undefined;
    for (const listener of listeners) listener(state);
  };
  const update = (next: ViewState, now = false) => {
    state = next;
    if (now) publish();
    else frame ??= setTimeout(publish, FRAME_MS).unref();
  };
  const outcome = new RunOutcome();
  let summary: string[] = [];
  let recap = '';
  const notices: string[] = [];
  let finished = false;

  const onKey = (input: string, ctrl: boolean) => {
    if (input === 'v') update({ ...state, showOutput: !state.showOutput }, true);
    // The terminal is in raw mode: Ctrl-C arrives as a key, not as SIGINT. A second one stops waiting.
    // Ctrl-C in raw mode is what SIGINT would have been, and is said the same way; q is named.
    if (input === 'q') options.onStop('the q key');
    else if (ctrl && input === 'c') options.onStop();
  };

  function App() {
    const [view, setView] = useState(state);
    useEffect(() => {
      listeners.add(setView);
      return () => void listeners.delete(setView);
    }, []);
    useInput((input, key) => onKey(input, key.ctrl), { isActive: process.stdin.isTTY === true });
    // Fit the terminal as it is now, and again when it is resized.
    const [height, setHeight] = useState(process.stdout.rows || 24);
    useEffect(() => {
      const onResize = () => setHeight(process.stdout.rows || 24);
      process.stdout.on('resize', onResize);
      return () => void process.stdout.off('resize', onResize);
    }, []);
    return <LiveView state={view} height={height} />;
  }

  const instance = render(<App />, { exitOnCtrlC: false, patchConsole: false });
  return {
    notice(text) {
      notices.push(text);
      update({ ...state, stopping: true }, true);
    },
    emit(event) {
      outcome.add(event);
      if (event.kind === 'run-finished') {
        summary = outcome.summary(event);
        recap = formatEvent(event, { diff: false }) ?? '';
      }
      update(reduceView(state, event));
    },
    detach() {
      if (finished) return;
      finished = true;
      clearTimeout(frame);
      listeners.clear();
      try {
        instance.unmount();
      } catch {
        // A terminal that is gone cannot be given back its mode; there is no one to give it to.
      }
    },
    async finish() {
      if (finished) return;
      finished = true;
      // Let the last state (live region gone) reach the screen before ink lets go of it.
      update({ ...state, finished: state.finished ?? { durationMs: 0, connections: 0, channels: 0 } }, true);
      await new Promise((resolve) => setTimeout(resolve, 80));
      instance.unmount();
      await instance.waitUntilExit();
      const write = options.write ?? ((text: string) => process.stdout.write(text));
      if (summary.length > 0) write(`\n${summary.join('\n')}\n`);
      if (notices.length > 0) write(`\n${notices.join('\n')}\n`);
      write(`${recap}\n`);
    },
  };
}
