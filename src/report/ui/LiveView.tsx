// The live view: final lines (changes, failures, diffs) scroll above in <Static>; below, the
// current play, a progress bar and one row per host, failed and busiest first. The live region
// fits the terminal: at most two thirds of its height (the lines above stay readable), one line
// per row (cut at the terminal's width, never wrapped); hosts that do not fit are one summary
// line, which names the failed ones, so a failure is never out of sight.
import { Box, Static, Text } from 'ink';
import { rankHosts, type HostRow, type ViewState } from './view-state.ts';
import { Spinner } from './Spinner.tsx';

const STATE_COLOR = { failed: 'red', unreachable: 'magenta', running: 'cyan', waiting: 'gray', done: 'green' } as const;

/** Host rows that fit a terminal of `height` lines, beside the title, bar, summary and help lines. */
export function hostRowsFor(height: number, hosts: number): { rows: number; roomy: boolean } {
  const live = height - Math.max(3, Math.floor(height / 3));
  const roomy = live >= 8; // room for the blank line above and the key help below
  const fixed = 2 + (roomy ? 2 : 0);
  const all = live - fixed;
  // Every host fits, or one line goes to the summary of those that do not.
  return { rows: Math.max(0, hosts <= all ? all : all - 1), roomy };
}

// The log grows in place (view-state.ts); <Static> sees new lines only in a new array.
export function LiveView({ state, maxRows, height = 24, now = Date.now() }: { state: ViewState; maxRows?: number; height?: number; now?: number }) {
  const rows = rankHosts(Object.values(state.hosts));
  const fit = hostRowsFor(height, rows.length);
  const limit = maxRows ?? fit.rows;
  const shown = rows.slice(0, limit);
  const hidden = rows.slice(limit);
  const width = Math.max(4, ...shown.map((row) => row.name.length));
  return (
    <>
      <Static items={state.log.slice()}>{(line) => <Text key={line.id}>{line.text}</Text>}</Static>
      {!state.finished && (
        <Box flexDirection="column" marginTop={fit.roomy ? 1 : 0}>
          <Text bold wrap="truncate">
            {state.check ? '[check] ' : ''}
            {state.title}
            {state.play ? ` › ${state.play}` : ''}
            {state.stopping ? <Text color="yellow"> (stopping: no new tasks; Ctrl-C again aborts)</Text> : null}
          </Text>
          <ProgressBar done={state.tasksDone} total={state.tasksTotal} />
          {shown.map((row) => (
            <HostLine key={row.name} row={row} width={width} now={now} />
          ))}
          {hidden.length > 0 && <Text dimColor={!hidden.some(stopped)} color={hidden.some(stopped) ? 'red' : undefined} wrap="truncate">{summarize(hidden, shown.length > 0)}</Text>}
          {fit.roomy && <Text dimColor wrap="truncate">q stop · v {state.showOutput ? 'hide' : 'show'} task output</Text>}
        </Box>
      )}
    </>
  );
}

function HostLine({ row, width, now }: { row: HostRow; width: number; now: number }) {
  const elapsed = row.startedAt ? `${(((row.finishedAt ?? now) - row.startedAt) / 1000).toFixed(1)}s` : '';
  const c = row.counts;
  return (
    <Text wrap="truncate">
      {row.state === 'running' ? <Spinner /> : <Text color={STATE_COLOR[row.state]}>{row.state === 'done' ? '✔' : row.state === 'waiting' ? '·' : '✘'}</Text>}{' '}
      <Text color={STATE_COLOR[row.state]}>{row.name.padEnd(width)}</Text>{' '}
      <Text color="green">ok {c.ok}</Text> <Text color="yellow">changed {c.changed}</Text> <Text color={c.failed ? 'red' : undefined}>failed {c.failed}</Text>
      {c.unreachable ? <Text color="magenta"> unreachable</Text> : null} <Text dimColor>{elapsed.padStart(6)}</Text>
      {row.task ? <Text dimColor>  {row.task}</Text> : null}
    </Text>
  );
}

function ProgressBar({ done, total, width = 30 }: { done: number; total: number; width?: number }) {
  // Before the run is planned there is nothing to count: "0/0 tasks" would read as a run of nothing.
  if (total === 0 && done === 0) return <Text dimColor wrap="truncate">starting: connecting, gathering facts, checking the playbook…</Text>;
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(ratio * width);
  return (
    <Text wrap="truncate">
      <Text color="green">{'█'.repeat(filled)}</Text>
      <Text dimColor>{'░'.repeat(width - filled)}</Text> {done}/{total} tasks
    </Text>
  );
}

function stopped(row: HostRow): boolean {
  return row.state === 'failed' || row.state === 'unreachable';
}

/** The hosts without a row of their own, in one line; failed and unreachable ones by name. */
function summarize(rows: HostRow[], more: boolean): string {
  const count = (state: HostRow['state']) => rows.filter((r) => r.state === state).length;
  const failed = rows.filter(stopped).map((r) => r.name);
  const named = failed.length > 0 ? `✘ ${failed.join(', ')}; ` : '';
  return `${more ? '… and ' : ''}${rows.length} ${more ? 'more ' : ''}host${rows.length === 1 ? '' : 's'}: ${named}${count('running')} running, ${count('waiting')} waiting, ${count('done')} done`;
}
