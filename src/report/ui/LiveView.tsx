// The live view: final lines (changes, failures, diffs) scroll above in <Static>; below, the
// current play, a progress bar and one row per host, failed and busiest first. With hundreds of
// hosts only the first rows are drawn, plus a summary line, so the screen stays readable.
import { Box, Static, Text } from 'ink';
import { rankHosts, type HostRow, type ViewState } from './view-state.ts';
import { Spinner } from './Spinner.tsx';

const STATE_COLOR = { failed: 'red', unreachable: 'magenta', running: 'cyan', waiting: 'gray', done: 'green' } as const;

export function LiveView({ state, maxRows = 15, now = Date.now() }: { state: ViewState; maxRows?: number; now?: number }) {
  const rows = rankHosts(Object.values(state.hosts));
  const shown = rows.slice(0, maxRows);
  const hidden = rows.slice(maxRows);
  const width = Math.max(4, ...shown.map((row) => row.name.length));
  return (
    <>
      <Static items={state.log}>{(line) => <Text key={line.id}>{line.text}</Text>}</Static>
      {!state.finished && (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>
            {state.check ? '[check] ' : ''}
            {state.title}
            {state.play ? ` › ${state.play}` : ''}
            {state.stopping ? <Text color="yellow"> (stopping: no new tasks; Ctrl-C again aborts)</Text> : null}
          </Text>
          <ProgressBar done={state.tasksDone} total={state.tasksTotal} />
          {shown.map((row) => (
            <HostLine key={row.name} row={row} width={width} now={now} />
          ))}
          {hidden.length > 0 && <Text dimColor>{summarize(hidden)}</Text>}
          <Text dimColor>q stop · v {state.showOutput ? 'hide' : 'show'} task output</Text>
        </Box>
      )}
    </>
  );
}

function HostLine({ row, width, now }: { row: HostRow; width: number; now: number }) {
  const elapsed = row.startedAt ? `${(((row.finishedAt ?? now) - row.startedAt) / 1000).toFixed(1)}s` : '';
  const c = row.counts;
  return (
    <Text>
      {row.state === 'running' ? <Spinner /> : <Text color={STATE_COLOR[row.state]}>{row.state === 'done' ? '✔' : row.state === 'waiting' ? '·' : '✘'}</Text>}{' '}
      <Text color={STATE_COLOR[row.state]}>{row.name.padEnd(width)}</Text>{' '}
      <Text color="green">ok {c.ok}</Text> <Text color="yellow">changed {c.changed}</Text> <Text color={c.failed ? 'red' : undefined}>failed {c.failed}</Text>
      {c.unreachable ? <Text color="magenta"> unreachable</Text> : null} <Text dimColor>{elapsed.padStart(6)}</Text>
      {row.task ? <Text dimColor>  {row.task}</Text> : null}
    </Text>
  );
}

function ProgressBar({ done, total, width = 30 }: { done: number; total: number; width?: number }) {
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(ratio * width);
  return (
    <Text>
      <Text color="green">{'█'.repeat(filled)}</Text>
      <Text dimColor>{'░'.repeat(width - filled)}</Text> {done}/{total} tasks
    </Text>
  );
}

function summarize(rows: HostRow[]): string {
  const count = (state: HostRow['state']) => rows.filter((r) => r.state === state).length;
  return `… and ${rows.length} more hosts: ${count('running')} running, ${count('waiting')} waiting, ${count('done')} done`;
}
