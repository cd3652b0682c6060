// Ansible's copy with a directory as src against corectl's copyTree. Inputs from Ansible's copy
// integration target (ansible/ansible test/integration/targets/copy, GPL-3.0, at
// 02d334110b7348c202e694d0dae886c58da3a8a0: trailing slash or not, directory_mode, links that are
// followed, dangling and circular links, a second run), then edge cases of ours. The source tree
// is on the controller, in the case's directory: Ansible runs there (-c local), corectl reads it
// and writes on the test hosts.
import { copyTree } from '../../../modules/index.ts';
import { dir, link, text, type ConformanceCase, type Tree } from '../conformance-case.ts';

type Args = Record<string, unknown>;

function ct(id: string, source: 'ansible' | 'edge', start: Tree, args: (d: string) => Args, extra: Partial<ConformanceCase> = {}): ConformanceCase {
  return {
    id: `cp-tree-${id}`, module: 'copy', source, start,
    ansible: (d) => ({ module: 'copy', args: args(d) }),
    corectl: (d) => {
      const { dest, directory_mode: directoryMode, ...rest } = args(d);
      return copyTree({ path: dest, ...(directoryMode !== undefined && { directoryMode }), ...rest } as never);
    },
    ...extra,
  };
}

const f = (content: string | Buffer = 'x\n', extra = {}) => text(content, extra);

// The target's `subdir`: files at several depths, a directory that holds only a directory, and an
// empty one.
const SUBDIR: Tree = {
  'src/bar.txt': f('baz\n'),
  'src/subdira/foo.txt': f('foo\n'),
  'src/subdir2/baz.txt': f('baz\n'),
  'src/subdir2/subdir3/subdir4/qux.txt': f('qux\n'),
  'src/empty': dir(),
};
const under = (prefix: string, tree: Tree): Tree => Object.fromEntries(Object.entries(tree).map(([k, v]) => [`${prefix}/${k.replace(/^src\//, '')}`, v]));

export const copyTreeCases: ConformanceCase[] = [
  // Ansible's copy target: a trailing slash copies what the directory holds, none the directory.
  ct('trailing-slash', 'ansible', { ...SUBDIR, dst: dir() }, (d) => ({ src: `${d}/src/`, dest: `${d}/dst` })),
  ct('no-trailing-slash', 'ansible', { ...SUBDIR, dst: dir() }, (d) => ({ src: `${d}/src`, dest: `${d}/dst` })),
  ct('directory-mode', 'ansible', { ...SUBDIR }, (d) => ({ src: `${d}/src/`, dest: `${d}/dst`, directory_mode: '0700' })),
  ct('directory-mode-no-slash', 'ansible', { ...SUBDIR, dst: dir() }, (d) => ({ src: `${d}/src`, dest: `${d}/dst`, directory_mode: '0700' })),
  ct('second-run', 'ansible', { ...SUBDIR, ...under('dst', SUBDIR) }, (d) => ({ src: `${d}/src/`, dest: `${d}/dst` })),
  ct('second-run-directory-mode', 'ansible', { ...SUBDIR, ...under('dst', { ...SUBDIR, 'src/subdira': dir({ mode: 0o700 }), 'src/subdir2': dir({ mode: 0o700 }), 'src/subdir2/subdir3': dir({ mode: 0o700 }), 'src/subdir2/subdir3/subdir4': dir({ mode: 0o700 }), 'src/empty': dir({ mode: 0o700 }) }) }, (d) => ({ src: `${d}/src/`, dest: `${d}/dst`, directory_mode: '0700' })),
  ct('links-followed', 'ansible', {
    'src/bar.txt': f('baz\n'), 'src/subdir1/bar.txt': link('../bar.txt'), 'src/subdir1/outside': link('../../outside'), 'outside/t.txt': f('target\n'),
    'src/subdir1/subdir3': link('../subdir2/subdir3'), 'src/subdir2/subdir3/subdir4/qux.txt': f('qux\n'),
  }, (d) => ({ src: `${d}/src`, dest: `${d}/dst` })),
  ct('dangling-and-self-links', 'ansible', { 'src/a.txt': f(), 'src/invalid': link('invalid'), 'src/invalid2': link('../invalid') }, (d) => ({ src: `${d}/src/`, dest: `${d}/dst` })),
  ct('circular-link', 'ansible', { 'source1/link': link('../source2'), 'source2/circle': link('../source1'), 'source2/f': f() }, (d) => ({ src: `${d}/source1`, dest: `${d}/dst` })),
  ct('absolute-no-slash', 'ansible', { 'source_recursive/file': f('testing'), destination: dir() }, (d) => ({ src: `${d}/source_recursive`, dest: `${d}/destination` })),
  ct('absolute-slash', 'ansible', { 'source_recursive/file': f('testing'), destination: dir() }, (d) => ({ src: `${d}/source_recursive/`, dest: `${d}/destination` })),
  // Ours.
  ct('one-differs', 'edge', { ...SUBDIR, ...under('dst', SUBDIR), 'dst/subdir2/baz.txt': f('old\n', { mode: 0o600 }) }, (d) => ({ src: `${d}/src/`, dest: `${d}/dst` })),
  ct('mode', 'edge', { ...SUBDIR, ...under('dst', SUBDIR) }, (d) => ({ src: `${d}/src/`, dest: `${d}/dst`, mode: '0640' })),
  ct('mode-new', 'edge', { ...SUBDIR }, (d) => ({ src: `${d}/src/`, dest: `${d}/dst`, mode: '0600', directory_mode: '0750' })),
  ct('owner-group', 'edge', { ...SUBDIR }, (d) => ({ src: `${d}/src/`, dest: `${d}/dst`, owner: 'daemon', group: 'bin' })),
  ct('owner-group-existing', 'edge', { ...SUBDIR, ...under('dst', SUBDIR) }, (d) => ({ src: `${d}/src/`, dest: `${d}/dst`, owner: 'daemon', group: 'bin' })),
  ct('owner-unknown', 'edge', { ...SUBDIR }, (d) => ({ src: `${d}/src/`, dest: `${d}/dst`, owner: 'nosuchuser' }), { deliberate: 'an owner that does not exist: corectl fails before making anything; Ansible makes the first directories, then fails' }),
  ct('missing-parents', 'edge', { ...SUBDIR }, (d) => ({ src: `${d}/src/`, dest: `${d}/a/b/c`, directory_mode: '0700' })),
  ct('existing-top-keeps-mode', 'edge', { ...SUBDIR, dst: dir({ mode: 0o711 }) }, (d) => ({ src: `${d}/src/`, dest: `${d}/dst`, directory_mode: '0700' })),
  ct('extra-left-alone', 'edge', { ...SUBDIR, ...under('dst', SUBDIR), 'dst/extra': f('mine\n'), 'dst/subdira/extra': dir() }, (d) => ({ src: `${d}/src/`, dest: `${d}/dst` })),
  ct('backup', 'edge', { 'src/a': f('new\n'), 'dst/a': f('old\n') }, (d) => ({ src: `${d}/src/`, dest: `${d}/dst`, backup: true })),
  ct('over-symlink', 'edge', { 'src/a': f('new\n'), 'dst/a': link('t'), 'dst/t': f('target\n') }, (d) => ({ src: `${d}/src/`, dest: `${d}/dst` })),
  ct('dest-a-file', 'edge', { 'src/a': f(), dst: f('a file\n') }, (d) => ({ src: `${d}/src/`, dest: `${d}/dst` })),
  ct('missing-src', 'edge', { dst: dir() }, (d) => ({ src: `${d}/nothing/`, dest: `${d}/dst` })),
  ct('empty-src', 'edge', { src: dir() }, (d) => ({ src: `${d}/src/`, dest: `${d}/dst` })),
  ct('empty-src-no-slash', 'edge', { src: dir() }, (d) => ({ src: `${d}/src`, dest: `${d}/dst` })),
  ct('binary-and-empty-files', 'edge', { 'src/bin': f(Buffer.from([0, 1, 2, 255, 10, 0])), 'src/empty': f(''), 'src/no-newline': f('last') }, (d) => ({ src: `${d}/src/`, dest: `${d}/dst` })),
  ct('names-with-spaces', 'edge', { 'src/a b/c d.txt': f('spaced\n'), 'src/-dash': f('dash\n') }, (d) => ({ src: `${d}/src/`, dest: `${d}/dst` })),
  ct('link-replaced', 'edge', { 'src/a.txt': f(), 'src/invalid': link('nowhere'), 'dst/invalid': f('a file\n') }, (d) => ({ src: `${d}/src/`, dest: `${d}/dst` })),
];
