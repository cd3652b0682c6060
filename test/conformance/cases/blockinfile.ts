// blockinfile cases: the inputs of Ansible's blockinfile integration target, then edge cases
// (markers out of order or missing, several blocks, empty block, CRLF, symlinks, metadata).
import { blockInFile } from '../../../modules/index.ts';
import { dir, link, text, type ConformanceCase, type Tree } from '../conformance-case.ts';
import { CRLF, LISTENER, SSHD, THREE } from './fixtures.ts';

const NAMES: Record<string, string> = { insertafter: 'insertAfter', insertbefore: 'insertBefore', marker_begin: 'markerBegin', marker_end: 'markerEnd' };

function bi(id: string, source: 'ansible' | 'edge', start: Tree | string, args: Record<string, unknown>, extra: Partial<ConformanceCase> = {}): ConformanceCase {
  const file = (args.path as string | undefined) ?? 'f';
  const rest = Object.fromEntries(Object.entries(args).filter(([k]) => k !== 'path'));
  const ours = Object.fromEntries(Object.entries(rest).map(([k, v]) => [NAMES[k] ?? k, v]));
  return {
    id: `bi-${id}`,
    module: 'blockinfile',
    source,
    start: typeof start === 'string' ? { f: text(start) } : start,
    ansible: (d) => ({ module: 'blockinfile', args: { path: `${d}/${file}`, ...rest } }),
    corectl: (d) => blockInFile({ path: `${d}/${file}`, ...ours } as never),
    ...extra,
  };
}

const BLOCK = 'Match User ansible-agent\nPasswordAuthentication no\n';
const OLD = '# BEGIN ANSIBLE MANAGED BLOCK\nold\n# END ANSIBLE MANAGED BLOCK\n';
const DB03 = '    (SID_DESC =\n      (SID_NAME = DB031)\n    )\n';

export const blockinfileCases: ConformanceCase[] = [
  // Ansible's integration target, input by input.
  bi('existing-file-backup', 'ansible', SSHD, { block: BLOCK, backup: true }),
  bi('existing-file-again', 'ansible', `${SSHD}# BEGIN ANSIBLE MANAGED BLOCK\n${BLOCK}# END ANSIBLE MANAGED BLOCK\n`, { block: BLOCK }),
  bi('create-file', 'ansible', {}, { path: 'empty.txt', block: 'Hey\nthere\n', state: 'present', create: true }),
  bi('absent-leaves-empty-file', 'ansible', '# BEGIN ANSIBLE MANAGED BLOCK\nHey\nthere\n# END ANSIBLE MANAGED BLOCK\n', { block: 'Hey\nthere\n', state: 'absent', create: true }),
  bi('insertafter', 'ansible', THREE, { insertafter: 'line2', block: 'block1\nblock2\n' }),
  bi('insertafter-again', 'ansible', 'line1\nline2\n# BEGIN ANSIBLE MANAGED BLOCK\nblock1\nblock2\n# END ANSIBLE MANAGED BLOCK\nline3\n', { insertafter: 'line2', block: 'block1\nblock2\n' }),
  bi('insertbefore', 'ansible', THREE, { insertbefore: 'line2', block: 'block1\nblock2\n' }),
  bi('insertbefore-bof', 'ansible', THREE, { insertbefore: 'BOF', block: 'block1\n' }),
  bi('multiline-search', 'ansible', LISTENER, { block: DB03, insertafter: '(?m)SID_LIST_LISTENER_DG =\\n.*\\(SID_LIST =', marker: '    <!-- {mark} ANSIBLE MANAGED BLOCK 1-->' }),
  bi('multiline-without-flag', 'ansible', LISTENER, { block: DB03, insertafter: 'SID_LIST_LISTENER_DG =\\n.*\\(SID_LIST =', marker: '    <!-- {mark} ANSIBLE MANAGED BLOCK 2-->' }),
  bi('multiline-insertbefore', 'ansible', LISTENER, { block: DB03, insertbefore: '(?m)^SID_LIST_LISTENER =', marker: '# {mark} DB03' }),
  bi('block-without-trailing-newline', 'ansible', {}, { path: 'chomped', create: true, block: 'one\ntwo\nthree' }),
  bi('file-without-trailing-newline', 'ansible', '# File with no newline', { block: 'one\ntwo\nthree\n' }),
  bi('dos-block-in-mixed-file', 'ansible', 'unix\nunix\n\ndos\r\ndos\r\n\nunix\n# BEGIN ANSIBLE MANAGED BLOCK\ndos\r\n# END ANSIBLE MANAGED BLOCK\nunix\n', { block: 'dos\r\ndos\r\ndos\r\n' }),
  bi('custom-markers', 'ansible', THREE, { block: 'x\n', marker: '<!-- {mark} -->', marker_begin: 'START', marker_end: 'STOP' }),
  bi('validate-true', 'ansible', THREE, { block: 'x\n', validate: 'true %s' }),
  bi('validate-false', 'ansible', THREE, { block: 'x\n', validate: 'false %s' }),
  bi('validate-no-placeholder', 'ansible', THREE, { block: 'x\n', validate: 'true' }, { deliberate: 'validate without %s: refused before any host is touched (Ansible fails the task on the host)' }),
  bi('create-in-missing-dir', 'ansible', {}, { path: 'sub/dir/file', block: 'x\n', create: true }),
  bi('missing-without-create', 'ansible', {}, { block: 'x\n' }),
  bi('path-is-directory', 'ansible', { f: dir() }, { block: 'x\n' }),
  bi('absent-missing-file', 'ansible', {}, { block: 'x\n', state: 'absent' }),
  // Edge cases.
  bi('replace-existing', 'edge', `a\n${OLD}b\n`, { block: 'new1\nnew2\n' }),
  bi('remove-with-empty-block', 'edge', `a\n${OLD}b\n`, { block: '' }),
  bi('remove-with-absent', 'edge', `a\n${OLD}b\n`, { state: 'absent' }),
  bi('begin-without-end', 'edge', 'a\n# BEGIN ANSIBLE MANAGED BLOCK\nkeep me\nand me\n', { block: 'new\n' }),
  bi('end-without-begin', 'edge', 'a\nkeep\n# END ANSIBLE MANAGED BLOCK\nb\n', { block: 'new\n' }),
  bi('end-before-begin', 'edge', 'a\n# END ANSIBLE MANAGED BLOCK\nkeep me\n# BEGIN ANSIBLE MANAGED BLOCK\nz\n', { block: 'new\n' }, { deliberate: 'END before BEGIN with lines between: Ansible deletes those lines; corectl refuses the edit' }),
  bi('end-right-before-begin', 'edge', 'a\n# END ANSIBLE MANAGED BLOCK\n# BEGIN ANSIBLE MANAGED BLOCK\nz\n', { block: 'new\n' }),
  bi('two-blocks-same-markers', 'edge', `${OLD}middle\n${OLD}tail\n`, { block: 'new\n' }),
  bi('stray-end-after-block', 'edge', `${OLD}keep me\n# END ANSIBLE MANAGED BLOCK\n`, { block: 'new\n' }, { deliberate: 'a second END after the block with lines between: Ansible deletes those lines; corectl refuses the edit' }),
  bi('crlf-file', 'edge', CRLF, { block: 'x\ny\n' }),
  bi('empty-block-no-block-no-newline', 'edge', 'a\nb', { block: '' }),
  bi('empty-file', 'edge', '', { block: 'x\n' }),
  bi('insertafter-no-match', 'edge', THREE, { insertafter: '^nothing', block: 'x\n' }),
  bi('insertbefore-no-match', 'edge', THREE, { insertbefore: '^nothing', block: 'x\n' }),
  bi('insertafter-python-regex', 'edge', SSHD, { insertafter: '^\\s*PermitRootLogin\\b', block: 'AllowUsers core\n' }),
  bi('symlink-edits-target', 'edge', { f: link('target'), target: text(THREE) }, { block: 'x\n' }),
  bi('create-with-mode', 'edge', {}, { block: 'x\n', create: true, mode: '0640' }),
  bi('mode-only', 'edge', `a\n${OLD}`, { block: 'old\n', mode: '0600' }),
  bi('owner-numeric', 'edge', `a\n${OLD}`, { block: 'old\n', owner: '1' }),
  bi('marker-with-escape', 'edge', THREE, { block: 'x\n', marker: '# {mark} SITE', marker_begin: 'B\\tEGIN' }),
];
