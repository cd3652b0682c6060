// lineInFile's and blockInFile's decisions without a host: the file's bytes and the options in,
// the new bytes (or a refusal) out. The conformance suite checks the same code against Ansible on
// real hosts; these pin the cases where corectl refuses what Ansible would damage.
import { describe, expect, it } from 'vitest';
import { compilePythonRegex } from '../../../src/module-api/python-regex.ts';
import { editBlock } from '../../../modules/text/block-edit.ts';
import { EditRefusedError, absentLine, presentLine, splitLines } from '../../../modules/text/line-edit.ts';

const markers = { begin: '# BEGIN M\n', end: '# END M\n', present: true };

describe('lineInFile decisions', () => {
  it('replaces the last match, or the first with firstMatch', () => {
    const lines = splitLines('a=1\nb=2\na=3\n');
    expect(presentLine(lines, { line: 'a=9', regexp: compilePythonRegex('^a='), firstMatch: false }).lines.join('')).toBe('a=1\nb=2\na=9\n');
    expect(presentLine(lines, { line: 'a=9', regexp: compilePythonRegex('^a='), firstMatch: true }).lines.join('')).toBe('a=9\nb=2\na=3\n');
  });

  it('adds a newline to a last line without one before appending, as Ansible does', () => {
    expect(presentLine(splitLines('a'), { line: 'b', firstMatch: false }).lines.join('')).toBe('a\nb\n');
  });

  it('refuses to insert after a last line without a newline, which Ansible would join to the new line', () => {
    expect(() => presentLine(splitLines('a\nanchor'), { line: 'x', insertAfter: '^anchor', insertPattern: compilePythonRegex('^anchor'), firstMatch: false })).toThrow(EditRefusedError);
  });

  it('removes every matching line and counts them', () => {
    expect(absentLine(splitLines('x\ny\nx\n'), { line: 'x', firstMatch: false })).toMatchObject({ found: 2, lines: ['y\n'], message: '2 line(s) removed' });
  });
});

describe('blockInFile decisions', () => {
  it('replaces the last block when two carry the same markers, as Ansible does', () => {
    const before = '# BEGIN M\nold1\n# END M\nmid\n# BEGIN M\nold2\n# END M\n';
    expect(editBlock(before, { ...markers, block: 'new\n' }).content).toBe('# BEGIN M\nold1\n# END M\nmid\n# BEGIN M\nnew\n# END M\n');
  });

  it('removes the block when it is empty', () => {
    expect(editBlock('a\n# BEGIN M\nold\n# END M\nb\n', { ...markers, block: '' })).toMatchObject({ content: 'a\nb\n', message: 'Block removed' });
  });

  it('keeps every line after a BEGIN without its END, adding the block at the end', () => {
    expect(editBlock('# BEGIN M\nkeep\n', { ...markers, block: 'new\n' }).content).toBe('# BEGIN M\nkeep\n# BEGIN M\nnew\n# END M\n');
  });

  it('refuses markers out of order with lines between them, which Ansible would delete', () => {
    expect(() => editBlock('# END M\nkeep me\n# BEGIN M\n', { ...markers, block: 'new\n' })).toThrow(/Ansible would delete the 1 line\(s\) between them/);
    expect(() => editBlock('# BEGIN M\nold\n# END M\nkeep me\n# END M\n', { ...markers, block: 'new\n' })).toThrow(/END markers on lines 3 and 5/);
  });
});
