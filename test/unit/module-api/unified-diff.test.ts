// Unified diffs made on the controller: GNU patch applies them to the old text and gets the new
// one, for edits of every shape (middle, ends, no final newline, added and removed files).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../../src/module-api/unified-diff.ts';

function patched(before: string, diff: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'corectl-diff-'));
  writeFileSync(join(dir, 'f'), before);
  writeFileSync(join(dir, 'd'), diff);
  execFileSync('patch', ['-s', join(dir, 'f'), join(dir, 'd')]);
  return readFileSync(join(dir, 'f'), 'utf8');
}

const lines = fc.array(fc.constantFrom('a\n', 'b\n', 'c\n', 'd\n', 'same\n', '\n'), { maxLength: 30 });
const text = fc.tuple(lines, fc.constantFrom('', 'tail', 'b')).map(([l, tail]) => l.join('') + tail);

describe('unified diffs', () => {
  it('apply with GNU patch to give the new text (property)', () => {
    fc.assert(
      fc.property(text, text, (before, after) => {
        const diff = unifiedDiff('/etc/f', before, after);
        if (before === after) return diff === '';
        return patched(before, diff) === after;
      }),
      { numRuns: 150, seed: 20261130 },
    );
  });

  it('look like diff -u: headers, hunk ranges, three lines of context, a missing final newline', () => {
    const before = 'one\ntwo\nthree\nfour\nfive\nsix\nseven\n';
    expect(unifiedDiff('/etc/f', before, before.replace('four', 'FOUR'))).toBe('--- /etc/f\n+++ /etc/f\n@@ -1,7 +1,7 @@\n one\n two\n three\n-four\n+FOUR\n five\n six\n seven\n');
    expect(unifiedDiff('/etc/f', 'a\n', 'a\nb')).toBe('--- /etc/f\n+++ /etc/f\n@@ -1 +1,2 @@\n a\n+b\n\\ No newline at end of file\n');
    expect(unifiedDiff('/etc/new', undefined, 'x\n')).toBe('--- /dev/null\n+++ /etc/new\n@@ -0,0 +1 @@\n+x\n');
  });
});
