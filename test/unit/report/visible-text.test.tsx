// A hostile host must not drive the operator's terminal: every control character in text that
// came from a host is shown as an escape in plain output, the live view, `corectl exec` and JUnit;
// the JSON report keeps the exact text.
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { LinePrefixer } from '../../../src/cli/line-prefixer.ts';
import type { RunEvent } from '../../../src/executor/events.ts';
import { jsonReport } from '../../../src/report/json-report.ts';
import { junitReport } from '../../../src/report/junit-report.ts';
import { formatEvent } from '../../../src/report/plain-reporter.ts';
import type { RunRecord } from '../../../src/report/run-record.ts';
import { LiveView } from '../../../src/report/ui/LiveView.tsx';
import { initialViewState, reduceView } from '../../../src/report/ui/view-state.ts';
import { visibleText } from '../../../src/report/visible-text.ts';

/** What a terminal would act on: any control but newline and tab (and the text-reordering Unicode ones). */
const ACTIVE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

const SEQUENCES = [
  '\x1b]0;pwned-title\x07', // OSC: window title
  '\x1b]52;c;cGF5bG9hZA==\x07', // OSC 52: write the clipboard
  '\x1b[2J\x1b[H', // clear the screen
  '\x1b[1A\x1b[2K', // up a line, erase it: rewrites what was printed
  '\x9b2J', // the same with an 8-bit CSI
  'ok\rFAILED', // carriage return: overwrite the line
  'abc\b\b\bxyz', // backspaces
  '\x1bP+q\x1b\\', // DCS
  'safe\u202eexe.txt', // right-to-left override
  'bell\x07 and NUL\0 and DEL\x7f',
];
const EVERY_CONTROL = Array.from({ length: 0xa0 }, (_, code) => String.fromCharCode(code)).join('');
const HOSTILE = [...SEQUENCES, EVERY_CONTROL].join(' | ');

const task = (result: object): RunEvent => ({ kind: 'task-finished', host: 'ns1', task: 'evil', module: 'shell', target: 'x', handler: false, result: result as never, ignored: false, sensitive: false, durationMs: 1 });

describe('text from hosts is shown, not obeyed', () => {
  it('makes every control character but newline and tab visible, and loses no information', () => {
    for (let code = 0; code < 0x10000; code++) {
      const shown = visibleText(`a${String.fromCharCode(code)}b`);
      if (code === 0x0a || code === 0x09) expect(shown).toBe(`a${String.fromCharCode(code)}b`);
      else expect(shown).not.toMatch(ACTIVE);
    }
    expect(visibleText('\x1b]0;t\x07')).toBe('\\x1b]0;t\\x07');
    expect(visibleText('line\r\nnext\rover')).toBe('line\nnext\\rover');
    expect(visibleText('\u202e')).toBe('\\u202e');
  });

  it('in plain output and the live view: output, errors, messages and diffs', () => {
    const events = [
      task({ status: 'failed', changed: false, failed: true, message: HOSTILE, stderr: HOSTILE, stdout: HOSTILE }),
      task({ status: 'changed', changed: true, failed: false, message: HOSTILE, diff: { unified: `--- a\n+++ b\n+${HOSTILE}\n` } }),
      { kind: 'host-unreachable', host: 'ns2', task: 'evil', message: HOSTILE } as RunEvent,
    ];
    for (const event of events) {
      const line = formatEvent(event, { diff: true, verbose: true })!;
      expect(line).toContain('pwned-title');
      expect(line).not.toMatch(ACTIVE);
    }
    let state = initialViewState({ diff: true });
    for (const event of [{ kind: 'run-started', playbook: 'p.ts', check: false, diff: true, plan: [] } as RunEvent, { kind: 'play-started', play: 'p', hosts: ['ns1', 'ns2'], tasks: 1 } as RunEvent, ...events]) state = reduceView(state, event, 0);
    const frame = render(<LiveView state={state} now={0} />).lastFrame()!;
    expect(frame).toContain('pwned-title');
    // ink adds its own colour codes (ESC [ ... m); nothing else may reach the terminal.
    expect(frame.replace(/\x1b\[[0-9;]*m/g, '')).not.toMatch(ACTIVE);
  });

  it('in corectl exec output, line by line', () => {
    let printed = '';
    const prefixer = new LinePrefixer('ns1 | ', (text) => (printed += text));
    prefixer.push(`${HOSTILE}\nsecond line\r\n`);
    prefixer.push('partial \x1b[2J');
    prefixer.flush();
    expect(printed.split('\n').filter(Boolean).every((line) => line.startsWith('ns1 | '))).toBe(true);
    expect(printed).not.toMatch(ACTIVE);
    expect(printed).toContain('ns1 | second line\n');
  });

  it('in JUnit visible, in JSON exact', () => {
    const record: RunRecord = {
      corectl: '0.1.0', inventory: ['inventory'], playbook: 'p.ts', check: true, startedAt: '2026-11-30T00:00:00Z', durationMs: 1, finished: true,
      hosts: { ns1: { counts: { ok: 0, changed: 1, failed: 0, skipped: 0, ignored: 0, unreachable: 0 } as never, notRun: [], tasks: [{ play: 'p', task: 'evil', module: 'shell', target: 'x', handler: false, status: 'changed', changed: true, durationMs: 1, message: HOSTILE, diff: { unified: `+${HOSTILE}\n` }, sensitive: false }] } },
    };
    const junit = junitReport(record);
    expect(junit).toContain('pwned-title');
    expect(junit.replace(/\n/g, '')).not.toMatch(ACTIVE);
    const json = jsonReport(record, 5);
    expect(json).not.toMatch(ACTIVE);
    expect(JSON.stringify(JSON.parse(json))).toContain(JSON.stringify(HOSTILE).slice(1, -1));
  });
});
