// replace cases: the inputs of Ansible's replace integration target (ansible/ansible
// test/integration/targets/replace, GPL-3.0, at 119f62d7922508c899b07796db5dcda4afe89e1d), then
// edge cases (back-references, sections, anchors, CRLF, metadata, validate, refusals).
import { replace } from '../../../modules/index.ts';
import { text, dir, link, type ConformanceCase, type Tree } from '../conformance-case.ts';
import { CRLF, INI, SSHD } from './fixtures.ts';

const PANGRAMS = 'The quick brown fox jumps over the lazy dog.\nWe promptly judged antique ivory buckles for the next prize.\nJinxed wizards pluck ivy from the big quilt.\nJaded zombies acted quaintly but kept driving their oxen forward.';
const GROUPS = '# start of group\n0.0.0.0\n127.0.0.1\n127.0.1.1\n# end of group\n\n'.repeat(3).trimEnd();

function rp(id: string, source: 'ansible' | 'edge', start: Tree | string, args: Record<string, unknown>, extra: Partial<ConformanceCase> = {}): ConformanceCase {
  const file = (args.path as string | undefined) ?? 'f';
  const rest = Object.fromEntries(Object.entries(args).filter(([k]) => k !== 'path'));
  return {
    id: `rp-${id}`,
    module: 'replace',
    source,
    start: typeof start === 'string' ? { f: text(start) } : start,
    ansible: (d) => ({ module: 'replace', args: { path: `${d}/${file}`, ...rest } }),
    corectl: (d) => replace({ path: `${d}/${file}`, ...rest } as never),
    ...extra,
  };
}

export const replaceCases: ConformanceCase[] = [
  // Ansible's integration target, input by input.
  rp('before', 'ansible', PANGRAMS, { before: 'quilt', regexp: ' ' }),
  rp('after', 'ansible', PANGRAMS, { after: 'promptly', regexp: ' ' }),
  rp('after-before-nowhere', 'ansible', PANGRAMS, { before: 'promptly', after: 'quilt', regexp: 'e', replace: '3' }),
  rp('before-after', 'ansible', PANGRAMS, { before: 'quilt', after: 'promptly', regexp: 'e', replace: '3' }),
  rp('quote-all', 'ansible', PANGRAMS, { regexp: '^([\\S\\s]+)$', replace: '"\\1"' }, { repeats: 'the replacement matches the pattern again: Ansible changes the file on every run too' }),
  rp('quote-lines', 'ansible', `"${PANGRAMS}"`, { regexp: '^(.+)$', replace: '"\\1"' }, { repeats: 'the replacement matches the pattern again: Ansible changes the file on every run too' }),
  rp('backspace-boundaries', 'ansible', PANGRAMS, { regexp: '\b(.+)\b', replace: '"\\1"' }),
  rp('word-boundaries', 'ansible', PANGRAMS, { regexp: '\\b(.+)\\b', replace: '"\\1"' }, { repeats: 'the replacement matches the pattern again: Ansible changes the file on every run too' }),
  rp('backup', 'ansible', PANGRAMS, { regexp: '^(.+)$', replace: '"\\1"', backup: true }, { repeats: 'the replacement matches the pattern again: Ansible changes the file on every run too' }),
  rp('directory', 'ansible', { d: dir() }, { path: 'd', regexp: '^(.+)$' }),
  rp('missing', 'ansible', {}, { path: 'missing_file.txt', regexp: '^(.+)$' }),
  rp('subsections', 'ansible', GROUPS, { after: '# start of group', before: '# end of group', regexp: '0', replace: '9' }),
  rp('bad-escape', 'ansible', PANGRAMS, { after: '^', before: '$', regexp: '\\.', replace: '\\D' }, { deliberate: 'a bad escape in the replacement: refused before any host is touched (Ansible fails the task on the host)' }),
  // Edge cases.
  rp('named-groups', 'edge', 'k=1\nk=2\nother=3\n', { regexp: '^(?P<key>k)=(\\d)$', replace: '\\g<key>: \\2' }),
  rp('remove-matches', 'edge', 'a # one\nb # two\nc\n', { regexp: '\\s*#.*$' }),
  rp('no-match', 'edge', 'a\nb\n', { regexp: '^zzz$', replace: 'y' }),
  rp('same-text', 'edge', 'aaa\n', { regexp: 'a', replace: 'a' }),
  rp('trailing-space', 'edge', 'a  \nb\t\nc\n', { regexp: '[ \\t]+$' }),
  rp('greedy-empty', 'edge', 'a  \nb\t\n', { regexp: '\\s*$' }),
  rp('comment-out', 'edge', 'one\ntwo\n', { regexp: '^', replace: '# ' }, { repeats: 'the replacement matches the pattern again: Ansible changes the file on every run too' }),
  rp('sshd-permit', 'edge', SSHD, { regexp: '^#?PermitRootLogin\\s+.*$', replace: 'PermitRootLogin no' }),
  rp('ini-section', 'edge', '[a]\nx=1\n[b]\nx=1\n', { after: '\\[b\\]', regexp: '^x=1$', replace: 'x=2' }),
  rp('before-only-first', 'edge', INI, { before: '\\[section_two\\]', regexp: '^\\[', replace: '[old_' }, { repeats: 'the replacement matches the pattern again: Ansible changes the file on every run too' }),
  rp('crlf', 'edge', CRLF, { regexp: 'o\\r$', replace: 'O\\r' }),
  rp('lookbehind', 'edge', 'v1 v2 x3\n', { regexp: '(?<=v)(\\d)', replace: '\\1\\1' }, { repeats: 'the replacement matches the pattern again: Ansible changes the file on every run too' }),
  rp('octal-escape', 'edge', 'a-b\n', { regexp: '-', replace: '\\052' }),
  rp('newline-in-replacement', 'edge', 'a;b\n', { regexp: ';', replace: '\\n' }),
  rp('mode-only', 'edge', { f: text('a\n', { mode: 0o644 }) }, { regexp: 'zzz', mode: '0600' }),
  rp('mode-and-text', 'edge', { f: text('a\n', { mode: 0o644 }) }, { regexp: 'a', replace: 'b', mode: '0640' }),
  rp('validate-fails', 'edge', 'a\n', { regexp: 'a', replace: 'b', validate: '/bin/false %s' }),
  rp('validate-passes', 'edge', 'a\n', { regexp: 'a', replace: 'b', validate: 'grep -q b %s' }),
  rp('unicode-literal', 'edge', 'caf\u00e9 au lait\n', { regexp: 'caf\u00e9', replace: 'th\u00e9' }),
  rp('unicode-dot', 'edge', 'caf\u00e9\n', { regexp: 'f.', replace: 'F' }, { deliberate: "non-ASCII text and a pattern construct Python matches by character (`.`): the task fails, changing nothing (Ansible replaces 'f\u00e9')" }),
  rp('lazy-empty', 'edge', 'abc\n', { regexp: 'x*?', replace: '-' }, { deliberate: 'a pattern that may match empty where a longer match exists: refused before any host is touched (Python goes on after an empty match differently than JavaScript)' }),
  rp('symlink', 'edge', { target: text('a\n'), f: link('target') }, { regexp: 'a', replace: 'b' }),
];
