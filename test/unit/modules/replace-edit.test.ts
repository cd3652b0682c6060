// replace's edit on the controller: Ansible's integration target inputs (expected text from its
// assertions), re.subn's counting, the after/before section, and the refusals that keep corectl
// from replacing differently than Python would.
import { describe, expect, it } from 'vitest';
import { textBytes } from '../../../src/module-api/index.ts';
import { replace } from '../../../modules/index.ts';
import { applyReplace, replaceEdit } from '../../../modules/text/replace-edit.ts';

const PANGRAMS = 'The quick brown fox jumps over the lazy dog.\nWe promptly judged antique ivory buckles for the next prize.\nJinxed wizards pluck ivy from the big quilt.\nJaded zombies acted quaintly but kept driving their oxen forward.';
const edit = (content: string, o: { regexp: string; replace?: string; after?: string; before?: string }) =>
  applyReplace(textBytes(content), replaceEdit({ replace: '', ...o }));
const problems = (options: Record<string, unknown>) => {
  const result = replace({} as never).definition.schema.safeParse({ path: '/etc/f', ...options });
  return result.success ? [] : result.error.issues.map((i) => i.message);
};

describe('replace', () => {
  it("matches Ansible's integration target", () => {
    const before = edit(PANGRAMS, { before: 'quilt', regexp: ' ' });
    expect(before.content.split('\n')[0]).toBe('Thequickbrownfoxjumpsoverthelazydog.');
    expect(before.content.split('\n').at(-1)).toBe('Jaded zombies acted quaintly but kept driving their oxen forward.');
    expect(edit(PANGRAMS, { after: 'promptly', regexp: ' ' }).content.split('\n').at(-1)).toBe('Jadedzombiesactedquaintlybutkeptdrivingtheiroxenforward.');
    const nowhere = edit(PANGRAMS, { before: 'promptly', after: 'quilt', regexp: 'e', replace: '3' });
    expect(nowhere).toMatchObject({ changed: false, content: PANGRAMS });
    expect(nowhere.message).toMatch(/^Pattern for before\/after params did not match the given file: quilt\(\?P<subsection>/);
    expect(edit(PANGRAMS, { before: 'quilt', after: 'promptly', regexp: 'e', replace: '3' }).content.split('\n')[1]).toBe('We promptly judg3d antiqu3 ivory buckl3s for th3 n3xt priz3.');
    const all = edit(PANGRAMS, { regexp: '^([\\S\\s]+)$', replace: '"\\1"' });
    expect(all.content.split('\n')[0]).toBe('"The quick brown fox jumps over the lazy dog.');
    const lines = edit(all.content, { regexp: '^(.+)$', replace: '"\\1"' });
    expect(lines.content.split('\n')[0]).toBe('""The quick brown fox jumps over the lazy dog."');
    expect(lines.message).toBe('4 replacements made');
    expect(edit(PANGRAMS, { regexp: '\\b(.+)\\b', replace: '"\\1"' }).content.split('\n')[0]).toBe('"The quick brown fox jumps over the lazy dog".');
    // Unescaped in a short form, \b is a backspace: nothing matches.
    expect(edit(PANGRAMS, { regexp: '\b(.+)\b', replace: '"\\1"' }).changed).toBe(false);
    const groups = '# start of group\n0.0.0.0\n127.0.0.1\n127.0.1.1\n# end of group\n\n'.repeat(3).trimEnd();
    const madness = edit(groups, { after: '# start of group', before: '# end of group', regexp: '0', replace: '9' }).content.split('\n');
    expect([madness[1], madness[7], madness[13]]).toEqual(['9.9.9.9', '0.0.0.0', '0.0.0.0']);
  });

  it('counts as re.subn does and changes nothing when the text stays the same', () => {
    expect(edit('aaa', { regexp: 'a', replace: 'a' })).toMatchObject({ changed: false, count: 3 });
    expect(edit('a  \nb\t\n', { regexp: '\\s*$' })).toMatchObject({ content: 'a\nb', count: 4, changed: true }); // as python3's re.subn
    expect(edit('xab', { regexp: '^' , replace: '# ' })).toMatchObject({ content: '# xab', count: 1 });
    // The user's own global flags still work after the (?m) Ansible adds.
    expect(edit('ABC abc\n', { regexp: '(?i)abc', replace: 'x' })).toMatchObject({ content: 'x x\n', count: 2 });
    expect(edit('k=1\nk=2\n', { regexp: '^(?P<key>k)=(\\d)$', replace: '\\g<key>: \\2' }).content).toBe('k: 1\nk: 2\n');
  });

  it('refuses what Python would match differently, before any host for patterns, on reading for non-ASCII files', () => {
    expect(problems({ regexp: 'x*?' })[0]).toContain('a lazy repetition or an alternation');
    expect(problems({ regexp: '|a' })[0]).toContain('a lazy repetition or an alternation');
    expect(problems({ regexp: 'x*' })).toEqual([]);
    expect(problems({ regexp: 'a', replace: '\\2' })[0]).toContain('invalid group reference 2');
    expect(problems({ regexp: 'a', replace: '\\D' })[0]).toContain('bad escape \\D');
    expect(problems({ regexp: 'a', after: '(?P<subsection>x)' })).toHaveLength(1);
    expect(() => edit('caf\u00e9 ok\n', { regexp: '.', replace: 'x' })).toThrow(/non-ASCII text and the pattern uses `.`/);
    expect(() => edit('caf\u00e9 ok\n', { regexp: '\\w+' })).toThrow(/\\w/);
    expect(() => edit('caf\u00e9\n', { regexp: '(?!a)', replace: '-' })).toThrow(/empty string/);
    // Literal text, ASCII classes and anchors mean the same on any text.
    expect(edit('caf\u00e9 ok\n', { regexp: 'ok$', replace: 'fine' }).content).toBe(textBytes('caf\u00e9 fine\n'));
    expect(edit('caf\u00e9 caf\u00e9\n', { regexp: 'caf\u00e9', replace: 'tea' }).content).toBe('tea tea\n');
    // Only the section counts: non-ASCII text outside it does not matter.
    expect(edit('\u00e9\n[a]\nx y\n', { after: '\\[a\\]', regexp: '\\s', replace: '_' }).content).toBe(textBytes('\u00e9\n[a]_x_y_'));
  });
});
