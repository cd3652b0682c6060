// Runs the live view for a run: events go through the reducer into <LiveView>; keys q/Ctrl-C
// stop the run as SIGINT does (a second one stops waiting), v toggles task output. At the end the live region
// is replaced by the recap, the total time, and with --diff every diff grouped by host.
import { render, useInput } from 'ink';
import { useEffect, useState } from 'react';
import type { RunEvent } from '../../executor/events.ts';
import { formatDiff, formatEvent } from '../plain-reporter.ts';
import { LiveView } from './LiveView.tsx';
import { initialViewState, reduceView, type ViewState } from './view-state.ts';

export interface LiveReporter {
  emit(event: RunEvent): void;
  /** A notice for the operator (the run is stopping): shown now, and kept above the recap. */
  notice(text: string): void;
  finish(): Promise<void>;
}

export function startLiveReporter(options: { diff: boolean; onStop: () => void; write?: (text: string) => void }): LiveReporter {
  let state = initialViewState(options);
  const listeners = new Set<(s: ViewState) => void>();
  const update = (next: ViewState) => {
    state = next;
    for (const listener of listeners) listener(state);
  };
  const diffs = new Map<string, string[]>();
  let recap = '';
  const notices: string[] = [];
  let finished = false;

  const onKey = (input: string, ctrl: boolean) => {
    if (input === 'v') update({ ...state, showOutput: !state.showOutput });
    // The terminal is in raw mode: Ctrl-C arrives as a key, not as SIGINT. A second one stops waiting.
    if (input === 'q' || (ctrl && input === 'c')) options.onStop();
  };

  function App() {
    const [view, setView] = useState(state);
    useEffect(() => {
      listeners.add(setView);
      return () => void listeners.delete(setView);
    }, []);
    useInput((input, key) => onKey(input, key.ctrl), { isActive: process.stdin.isTTY === true });
    return <LiveView state={view} />;
  }

  const instance = render(<App />, { exitOnCtrlC: false, patchConsole: false });
  return {
    notice(text) {
      notices.push(text);
      update({ ...state, stopping: true });
    },
    emit(event) {
      if (event.kind === 'task-finished' && event.result.diff && event.result.changed) {
        diffs.set(event.host, [...(diffs.get(event.host) ?? []), `  ${event.task}:\n${formatDiff(event.result.diff).replace(/^/gm, '    ')}`]);
      }
      if (event.kind === 'run-finished') recap = formatEvent(event, { diff: false }) ?? '';
      update(reduceView(state, event));
    },
    async finish() {
      if (finished) return;
      finished = true;
      // Let the last state (live region gone) reach the screen before ink lets go of it.
      update({ ...state, finished: state.finished ?? { durationMs: 0, connections: 0, channels: 0 } });
      await new Promise((resolve) => setTimeout(resolve, 80));
      instance.unmount();
      await instance.waitUntilExit();
      const write = options.write ?? ((text: string) => process.stdout.write(text));
      if (options.diff && diffs.size > 0) {
        write(`\nDIFFS\n${[...diffs].map(([host, list]) => `${host}\n${list.join('\n')}`).join('\n')}\n`);
      }
      if (notices.length > 0) write(`\n${notices.join('\n')}\n`);
      write(`${recap}\n`);
    },
  };
}
