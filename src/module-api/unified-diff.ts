// A unified diff (`diff -u` format, three lines of context) of two texts, for modules that compute
// new content on the controller and show what changes without asking the host to diff it.
// Edits to configuration files are local: the common head and tail are set aside first, and
// the rest is compared line by line (longest common subsequence) while it is small.

const CONTEXT = 3;
/** Past this many cells the middle is shown as removed and added whole. */
const MAX_CELLS = 4_000_000;

type Op = { kind: ' ' | '-' | '+'; text: string };

/** The diff of `before` into `after` under `label`, or '' when they are equal. */
export function unifiedDiff(label: string, before: string | undefined, after: string): string {
  if (before === after) return '';
  const a = splitKeepingEnds(before ?? '');
  const b = splitKeepingEnds(after);
  const ops = diffLines(a, b);
  const hunks = toHunks(ops);
  return `--- ${before === undefined ? '/dev/null' : label}\n+++ ${label}\n${hunks.join('')}`;
}

function splitKeepingEnds(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n)/);
}

function diffLines(a: string[], b: string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const same = (lines: string[]) => lines.map((text): Op => ({ kind: ' ', text }));
  return [...same(a.slice(0, head)), ...middle(midA, midB), ...same(a.slice(a.length - tail))];
}

function middle(a: string[], b: string[]): Op[] {
  if ((a.length + 1) * (b.length + 1) > MAX_CELLS) return [...a.map((text): Op => ({ kind: '-', text })), ...b.map((text): Op => ({ kind: '+', text }))];
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: ' ', text: a[i++]! });
      j++;
    } else if (i < a.length && (j === b.length || lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!)) ops.push({ kind: '-', text: a[i++]! });
    else ops.push({ kind: '+', text: b[j++]! });
  }
  return ops;
}

function toHunks(ops: Op[]): string[] {
  const changed = ops.flatMap((op, index) => (op.kind === ' ' ? [] : [index]));
  const hunks: string[] = [];
  let at = 0;
  while (at < changed.length) {
    let end = at;
    while (end + 1 < changed.length && changed[end + 1]! - changed[end]! <= 2 * CONTEXT) end++;
    const from = Math.max(0, changed[at]! - CONTEXT);
    const to = Math.min(ops.length, changed[end]! + CONTEXT + 1);
    hunks.push(hunk(ops, from, to));
    at = end + 1;
  }
  return hunks;
}

function hunk(ops: Op[], from: number, to: number): string {
  const lineOf = (kind: ' ' | '-' | '+') => ops.slice(0, from).filter((op) => op.kind === ' ' || op.kind === kind).length;
  const slice = ops.slice(from, to);
  const count = (kind: '-' | '+') => slice.filter((op) => op.kind === ' ' || op.kind === kind).length;
  const range = (start: number, length: number) => (length === 1 ? `${start + 1}` : `${length === 0 ? start : start + 1},${length}`);
  const body = slice
    .map((op) => (op.text.endsWith('\n') ? `${op.kind}${op.text}` : `${op.kind}${op.text}\n\\ No newline at end of file\n`))
    .join('');
  return `@@ -${range(lineOf('-'), count('-'))} +${range(lineOf('+'), count('+'))} @@\n${body}`;
}
