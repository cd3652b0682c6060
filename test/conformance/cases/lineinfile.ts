// lineinfile cases: the inputs of Ansible's lineinfile integration target, then edge cases (no
// final newline, CRLF, symlinks, Python regex dialect, metadata). Each case is written once, in
// Ansible's terms; corectl's task is the same task with corectl's option names.
import { lineInFile } from '../../../modules/index.ts';
import { text, link, dir, type ConformanceCase, type Tree } from '../conformance-case.ts';
import { CHRONY, CRLF, FIVE_LINES, INI, NO_FINAL_NEWLINE, REPEATED, SCRIPT, SPACED, SPECIALS, SSHD } from './fixtures.ts';

const NAMES: Record<string, string> = { insertafter: 'insertAfter', insertbefore: 'insertBefore', search_string: 'searchString', firstmatch: 'firstMatch' };

function li(id: string, source: 'ansible' | 'edge', start: Tree | string, args: Record<string, unknown>, extra: Partial<ConformanceCase> = {}): ConformanceCase {
  const file = (args.path as string | undefined) ?? 'f';
  const rest = Object.fromEntries(Object.entries(args).filter(([k]) => k !== 'path'));
  const ours = Object.fromEntries(Object.entries(rest).map(([k, v]) => [NAMES[k] ?? k, v]));
  return {
    id: `li-${id}`,
    module: 'lineinfile',
    source,
    start: typeof start === 'string' ? { f: text(start) } : start,
    ansible: (d) => ({ module: 'lineinfile', args: { path: `${d}/${file}`, ...rest } }),
    corectl: (d) => lineInFile({ path: `${d}/${file}`, ...ours } as never),
    ...extra,
  };
}

const LINE = 'export FISHEYE_OPTS="-Xmx4096m -Xms2048m"';

export const lineinfileCases: ConformanceCase[] = [
  // Ansible's integration target, input by input.
  li('create-in-missing-dir', 'ansible', {}, { path: 'a/a.txt', line: 'First line', create: true }),
  li('missing-without-create', 'ansible', {}, { path: 'nofile', line: "Doesn't matter" }),
  li('validate-without-placeholder', 'ansible', FIVE_LINES, { line: "Doesn't matter", validate: '/some/path' }, { deliberate: 'validate without %s: refused before any host is touched (Ansible fails the task on the host)' }),
  li('bof-with-backup', 'ansible', FIVE_LINES, { line: 'New line at the beginning', insertbefore: 'BOF', backup: true }),
  li('bof-already-there', 'ansible', `New line at the beginning\n${FIVE_LINES}`, { line: 'New line at the beginning', insertbefore: 'BOF' }),
  li('eof', 'ansible', FIVE_LINES, { line: 'New line at the end', insertafter: 'EOF' }),
  li('after-line-1', 'ansible', FIVE_LINES, { line: 'New line after line 1', insertafter: '^This is line 1$' }),
  li('before-line-5', 'ansible', FIVE_LINES, { line: 'New line before line 5', insertbefore: '^This is line 5$' }),
  li('backrefs-same-group', 'ansible', FIVE_LINES, { line: 'This is line 3', backrefs: true, regexp: '^(REF) .* \\1$' }),
  li('backrefs-again', 'ansible', 'This is line 1\nThis is line 3\n', { line: 'This is line 3', backrefs: true, regexp: '^(REF) .* \\1$' }),
  li('absent-regexp', 'ansible', 'This is line 1\nThis is line 3\nThis is line 5\n', { state: 'absent', regexp: '^This is line 3$' }),
  li('absent-regexp-again', 'ansible', 'This is line 1\nThis is line 5\n', { state: 'absent', regexp: '^This is line 3$' }),
  li('validate-true', 'ansible', 'This is line 1\nThis is line 5\n', { state: 'absent', regexp: '^This is line 5$', validate: 'true %s' }),
  li('validate-false', 'ansible', 'This is line 1\nThis is line 5\n', { state: 'absent', regexp: '^This is line 1$', validate: '/bin/false %s' }),
  li('create-at-bof', 'ansible', {}, { path: 'new_test.txt', create: true, insertbefore: 'BOF', line: 'This is a new file' }),
  li('no-final-newline-eof', 'ansible', NO_FINAL_NEWLINE, { line: 'New line at the end', insertafter: 'EOF' }),
  li('line-with-newline', 'ansible', FIVE_LINES, { line: 'This is a line\nwith \\n character', insertafter: 'EOF' }, { deliberate: 'a line with a newline in it: refused before any host is touched (Ansible adds it again on every run)' }),
  li('backrefs-line-4', 'ansible', FIVE_LINES, { line: 'New \\1 created with the backref', backrefs: true, regexp: '^This is (line 4)$' }),
  li('single-quote', 'ansible', '', { line: "import g'" }),
  li('double-quotes', 'ansible', '', { line: '"quote" and "unquote"' }),
  li('insertafter-section', 'ansible', INI, { insertafter: '\\[section_two\\]', line: 'two_option=2' }),
  li('insertbefore-section', 'ansible', INI, { insertbefore: '\\[section_three\\]', line: 'three_option=3' }),
  li('regexp-insertafter-nomatch', 'ansible', INI, { regexp: '^one_option=', line: 'one_option=1', insertafter: '\\[section_one\\]' }),
  li('regexp-insertafter-replace', 'ansible', '[section_one]\none_option=0\n\n[section_two]\n', { regexp: '^one_option=', line: 'one_option=1', insertafter: '\\[section_one\\]' }),
  li('regexp-insertbefore-nomatch', 'ansible', INI, { regexp: '^three_option=', line: 'three_option=3', insertbefore: '\\[section_three\\]' }),
  li('insertbefore-not-in-file', 'ansible', FIVE_LINES, { line: 'top', insertbefore: '^not in the file$' }),
  li('regexp-empty', 'ansible', FIVE_LINES, { regexp: '', line: 'This is line 6' }),
  li('search-string-empty', 'ansible', FIVE_LINES, { search_string: '', line: 'This is line 6' }),
  li('firstmatch-insertafter', 'ansible', REPEATED, { line: 'INSERT', insertafter: 'line1', firstmatch: true }),
  li('lastmatch-insertafter', 'ansible', REPEATED, { line: 'INSERT', insertafter: 'line1' }),
  li('58923-after-shebang-regexp', 'ansible', SCRIPT, { insertafter: '^#!/bin/sh', regexp: '^export FISHEYE_OPTS', firstmatch: true, line: LINE }),
  li('58923-after-shebang', 'ansible', SCRIPT, { insertafter: '^#!/bin/sh', firstmatch: true, line: LINE }),
  li('58923-before-shebang-regexp', 'ansible', SCRIPT, { insertbefore: '^#!/bin/sh', regexp: '^export FISHEYE_OPTS', firstmatch: true, line: LINE }),
  li('58923-before-shebang', 'ansible', SCRIPT, { insertbefore: '^#!/bin/sh', firstmatch: true, line: LINE }),
  li('58923-before-darwin', 'ansible', SCRIPT, { insertbefore: ' Darwin\\*\\) if \\[ -z \\"\\$JAVA_HOME\\" \\] ; then', firstmatch: true, line: LINE }),
  li('58923-after-shebang-string', 'ansible', SCRIPT, { insertafter: '^#!/bin/sh', search_string: 'export FISHEYE_OPTS', firstmatch: true, line: LINE }),
  li('58923-before-shebang-string', 'ansible', SCRIPT, { insertbefore: '^#!/bin/sh', search_string: 'export FISHEYE_OPTS', firstmatch: true, line: LINE }),
  li('58923-replace-existing', 'ansible', `${SCRIPT}export FISHEYE_OPTS="-Xmx1024m"\n`, { insertafter: '^#!/bin/sh', regexp: '^export FISHEYE_OPTS', firstmatch: true, line: LINE }),
  li('search-string-specials', 'ansible', SPECIALS, { search_string: '(\\\\w)(\\\\s+)([\\\\.,])', line: 'replaced' }),
  li('search-string-absent', 'ansible', SPECIALS, { search_string: '<FilesMatch ".py[45]?$">', state: 'absent' }),
  li('search-string-absent-none', 'ansible', FIVE_LINES, { search_string: 'not here', state: 'absent' }),
  li('search-string-insertbefore', 'ansible', INI, { search_string: 'three_option', insertbefore: '\\[section_three\\]', line: 'three_option=3' }),
  li('spaced-lines', 'ansible', SPACED, { line: 'This is line 2', insertafter: '^This is line 1$' }),
  li('insert-multiple-eof', 'ansible', SPACED, { line: 'This is line 5', insertafter: 'EOF' }),
  li('absent-line-exact', 'ansible', FIVE_LINES, { line: 'This is line 2', state: 'absent' }),
  li('replace-middle', 'ansible', FIVE_LINES, { regexp: '^This is line 2$', line: 'Line two' }),
  li('regexp-firstmatch', 'ansible', REPEATED, { regexp: 'line1', line: 'line1 = managed', firstmatch: true }),
  li('regexp-lastmatch', 'ansible', REPEATED, { regexp: 'line1', line: 'line1 = managed' }),
  li('regexp-keeps-matching', 'ansible', REPEATED, { regexp: 'line1', line: 'LINE' }, { repeats: 'the regexp still matches other lines after each run: Ansible, too, replaces one more on every run' }),
  li('empty-file', 'ansible', '', { line: 'only line' }),
  li('path-is-directory', 'ansible', { f: dir() }, { line: 'x' }),
  // Edge cases: bytes at the ends of lines and files.
  li('no-final-newline-present', 'edge', 'a\nfoo', { line: 'foo' }),
  li('no-final-newline-regexp', 'edge', 'a\nport=1', { regexp: '^port=', line: 'port=2' }),
  li('no-final-newline-absent', 'edge', 'a\nfoo', { line: 'a', state: 'absent' }),
  li('crlf-present', 'edge', CRLF, { line: 'foo' }),
  li('crlf-append', 'edge', CRLF, { line: 'bar' }),
  li('crlf-regexp-dollar', 'edge', 'key=1\r\n', { regexp: '^key=\\d+$', line: 'key=2' }),
  li('crlf-absent', 'edge', CRLF, { line: 'dos', state: 'absent' }),
  li('absent-missing-file', 'edge', {}, { line: 'x', state: 'absent' }),
  li('bof-existing-elsewhere', 'edge', FIVE_LINES, { line: 'This is line 5', insertbefore: 'BOF' }),
  li('backrefs-no-match', 'edge', FIVE_LINES, { regexp: '^nothing (here)$', line: '\\1', backrefs: true }),
  li('backrefs-create-no-match', 'edge', {}, { path: 'new', regexp: '^x(y)$', line: '\\1', backrefs: true, create: true }),
  li('backrefs-named', 'edge', 'alpha=1\nbeta=2\n', { regexp: '^(?P<k>beta)=(?P<v>.*)$', line: '\\g<k>: \\g<v>', backrefs: true }),
  li('latin1-bytes', 'edge', { f: text(Buffer.from('caf\xe9 latin1\nx\n', 'latin1')) }, { regexp: '^caf.', line: 'cafe' }),
  li('utf8-line', 'edge', 'caf\u00e9=1\n', { regexp: '^caf\u00e9=', line: 'caf\u00e9=2' }),
  li('insertafter-last-line-no-newline', 'edge', 'a\nanchor', { insertafter: '^anchor', line: 'x' }, { deliberate: 'Ansible joins the new line onto a last line without a newline ("anchorx"); corectl refuses the edit' }),
  // Python regular expressions, as Ansible users write them.
  li('python-s', 'edge', SSHD, { regexp: '^\\s*PermitRootLogin', line: 'PermitRootLogin no' }),
  li('python-commented-b', 'edge', SSHD, { regexp: '^#?\\s*MaxSessions\\b', line: 'MaxSessions 4' }),
  li('python-d-dollar', 'edge', 'port=22\nother=1\n', { regexp: '^port=\\d+$', line: 'port=2222' }),
  li('python-ignorecase', 'edge', SSHD, { regexp: '(?i)^passwordauthentication', line: 'PasswordAuthentication no' }),
  li('python-nongreedy', 'edge', 'a=b=c\n', { regexp: '^(.*?)=', line: 'x=y' }),
  li('python-w-insertafter', 'edge', CHRONY, { insertafter: '^server\\s+\\w+', line: 'server time3.example.net iburst' }),
  li('python-lookahead', 'edge', CHRONY, { regexp: '^server (?!time1)', line: 'server ntp.example.net iburst' }),
  li('python-posix-class', 'edge', 'a b\n', { regexp: '[[:space:]]', line: 'x' }, { deliberate: 'a POSIX class in [...]: refused before any host is touched (Python reads it as single characters, which is never what was meant)' }),
  li('python-possessive', 'edge', 'aaa\n', { regexp: 'a++', line: 'x' }, { deliberate: 'a possessive quantifier: refused before any host is touched (JavaScript, where corectl matches, has none)' }),
  // Metadata and links.
  li('create-with-mode', 'edge', {}, { line: 'secret=1', create: true, mode: '0600' }),
  li('mode-only', 'edge', FIVE_LINES, { line: 'This is line 1', mode: '0640' }),
  li('mode-symbolic', 'edge', FIVE_LINES, { line: 'This is line 1', mode: 'u=rw,g=r,o=' }),
  li('owner-numeric', 'edge', FIVE_LINES, { line: 'This is line 1', owner: '1', group: '2' }),
  li('owner-by-name', 'edge', FIVE_LINES, { line: 'new', owner: 'daemon', group: 'bin' }),
  li('owner-unknown', 'edge', FIVE_LINES, { line: 'new', owner: 'nosuchuser' }, { deliberate: 'an owner that does not exist: corectl fails before writing anything; Ansible writes the new content, then fails' }),
  li('symlink-edits-target', 'edge', { f: link('target'), target: text(FIVE_LINES, { mode: 0o600 }) }, { line: 'added' }),
  li('symlink-dangling-create', 'edge', { f: link('target') }, { line: 'added', create: true }),
  li('backup-without-change', 'edge', FIVE_LINES, { line: 'This is line 2', backup: true }),
  li('validate-grep', 'edge', CHRONY, { line: 'server time9.example.net iburst', validate: 'grep -q time9 %s' }),
];
