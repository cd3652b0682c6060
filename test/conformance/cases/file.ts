// file, copy and template cases: Ansible's file module by state (file, directory, link, hard,
// touch, absent) against corectl's file, directory, symlink, hardlink, touch and absent; copy with
// content against file; template against template. Inputs from Ansible's file, copy and template
// integration targets, then edge cases of ours.
import type { ModuleCall } from '../../../src/module-api/define-module.ts';
import { absent, directory, file, hardlink, symlink, template, touch } from '../../../modules/index.ts';
import { dir, link, text, type ConformanceCase, type Tree } from '../conformance-case.ts';
import { CHRONY, FIVE_LINES } from './fixtures.ts';

type Args = Record<string, unknown>;

/** corectl's task for Ansible's `file` with these arguments (paths already absolute). */
function fileModule(a: Args): ModuleCall {
  const meta = { mode: a.mode, owner: a.owner, group: a.group };
  switch (a.state) {
    case 'directory':
      return directory({ path: a.path, ...meta, recurse: a.recurse, follow: a.follow } as never);
    case 'link':
      return symlink({ path: a.path, target: a.src, force: a.force } as never);
    case 'hard':
      return hardlink({ path: a.path, target: a.src, force: a.force, ...meta } as never);
    case 'touch':
      return touch({ path: a.path, ...meta, modificationTime: a.modification_time, accessTime: a.access_time, modificationTimeFormat: a.modification_time_format } as never);
    case 'absent':
      return absent({ path: a.path } as never);
    default:
      return file({ path: a.path, ...meta } as never);
  }
}

function fi(id: string, source: 'ansible' | 'edge', start: Tree, args: (d: string) => Args, extra: Partial<ConformanceCase> = {}): ConformanceCase {
  const clean = (d: string) => Object.fromEntries(Object.entries(args(d)).filter(([, v]) => v !== undefined));
  return { id: `fi-${id}`, module: 'file', source, start, ansible: (d) => ({ module: 'file', args: clean(d) }), corectl: (d) => fileModule(clean(d)), ...extra };
}

function cp(id: string, source: 'ansible' | 'edge', start: Tree, args: (d: string) => Args, extra: Partial<ConformanceCase> = {}): ConformanceCase {
  return {
    id: `cp-${id}`, module: 'copy', source, start,
    ansible: (d) => ({ module: 'copy', args: args(d) }),
    corectl: (d) => { const { dest, ...rest } = args(d); return file({ path: dest, ...rest } as never); },
    ...extra,
  };
}

/** Ansible's copy with remote_src: a file the host has, copied. */
function cpr(id: string, source: 'ansible' | 'edge', start: Tree, args: (d: string) => Args, extra: Partial<ConformanceCase> = {}): ConformanceCase {
  return {
    id: `cp-remote-${id}`, module: 'copy', source, start,
    ansible: (d) => ({ module: 'copy', args: { ...args(d), remote_src: true } }),
    corectl: (d) => { const { dest, ...rest } = args(d); return file({ path: dest, ...rest, remoteSrc: true } as never); },
    ...extra,
  };
}

function tp(id: string, source: 'ansible' | 'edge', start: Tree, jinja: string, rendered: string, args: (d: string) => Args, extra: Partial<ConformanceCase> = {}): ConformanceCase {
  return {
    id: `tp-${id}`, module: 'template', source, start, jinja,
    ansible: (d) => ({ module: 'template', args: args(d) }),
    corectl: (d) => { const { dest, ...rest } = args(d); return template({ path: dest, template: () => rendered, ...rest } as never); },
    ...extra,
  };
}

const f = (content = 'x\n', extra = {}) => text(content, extra);

export const fileCases: ConformanceCase[] = [
  // file: state=file (metadata of an existing file).
  fi('file-exists', 'ansible', { f: f() }, (d) => ({ path: `${d}/f`, state: 'file' })),
  fi('file-missing', 'ansible', {}, (d) => ({ path: `${d}/f`, state: 'file' })),
  fi('file-mode', 'ansible', { f: f() }, (d) => ({ path: `${d}/f`, state: 'file', mode: '0600' })),
  fi('file-owner-numeric', 'ansible', { f: f() }, (d) => ({ path: `${d}/f`, state: 'file', owner: '1234', group: '1234' })),
  fi('file-owner-unknown', 'ansible', { f: f() }, (d) => ({ path: `${d}/f`, state: 'file', owner: 'nonexistent' })),
  fi('file-group-unknown', 'ansible', { f: f() }, (d) => ({ path: `${d}/f`, state: 'file', group: 'nonexistent1' })),
  fi('file-is-directory', 'ansible', { f: dir() }, (d) => ({ path: `${d}/f`, state: 'file', mode: '0600' })),
  fi('file-through-link', 'edge', { f: link('t'), t: f('t\n', { mode: 0o644 }) }, (d) => ({ path: `${d}/f`, state: 'file', mode: '0600' })),
  fi('file-setuid-with-owner', 'edge', { f: f() }, (d) => ({ path: `${d}/f`, state: 'file', mode: '04755', owner: '1' })),
  // Symbolic modes, from the file target's list.
  ...[['u=rwx,g=rwx,o=rwx', 0o644], ['a=r', 0o644], ['u+w', 0o444], ['g+w', 0o644], ['o+w', 0o644], ['u+x', 0o644], ['g+x', 0o644], ['o+x', 0o644], ['o-wx', 0o777], ['g-wx', 0o777], ['u-wx', 0o777], ['o+t', 0o644], ['o-t', 0o1644], ['g+s', 0o644], ['g-s', 0o2644], ['u+s', 0o644], ['u-s', 0o4644], ['a+X', 0o644], ['a+X', 0o744], ['u=rw,g=r,o=', 0o777], ['+x', 0o600], ['=r', 0o777], ['u=g', 0o640], ['go=u-w', 0o700]].map(([mode, start], i) =>
    fi(`symbolic-${i + 1}`, i < 17 ? 'ansible' : 'edge', { f: f('x\n', { mode: start as number }) }, (d) => ({ path: `${d}/f`, state: 'file', mode }))),
  fi('symbolic-directory-X', 'edge', { d: dir({ mode: 0o700 }) }, (d) => ({ path: `${d}/d`, state: 'directory', mode: 'a+X' })),
  // directory
  fi('dir-new', 'ansible', {}, (d) => ({ path: `${d}/foobar`, state: 'directory' })),
  fi('dir-new-nested-mode', 'edge', {}, (d) => ({ path: `${d}/a/b/c`, state: 'directory', mode: '0750' })),
  fi('dir-new-nested-owner', 'edge', {}, (d) => ({ path: `${d}/a/b`, state: 'directory', owner: '1', group: '1' })),
  fi('dir-existing-mode', 'ansible', { d: dir({ mode: 0o755 }) }, (d) => ({ path: `${d}/d`, state: 'directory', mode: '1777' })),
  fi('dir-setgid-kept-by-octal', 'edge', { d: dir({ mode: 0o2755 }) }, (d) => ({ path: `${d}/d`, state: 'directory', mode: '0755' })),
  fi('dir-is-file', 'ansible', { d: f() }, (d) => ({ path: `${d}/d`, state: 'directory' })),
  fi('dir-under-file', 'edge', { d: f() }, (d) => ({ path: `${d}/d/sub`, state: 'directory' })),
  fi('dir-through-link', 'edge', { l: link('real'), real: dir({ mode: 0o700 }) }, (d) => ({ path: `${d}/l`, state: 'directory', mode: '0755' })),
  fi('dir-recurse-owner', 'ansible', { d: dir(), 'd/fileA': f(), 'd/sub/fileB': f() }, (d) => ({ path: `${d}/d`, state: 'directory', owner: '1235', recurse: true })),
  fi('dir-recurse-mode', 'edge', { d: dir(), 'd/fileA': f('a', { mode: 0o600 }), 'd/sub/fileB': f() }, (d) => ({ path: `${d}/d`, state: 'directory', mode: '0750', recurse: true })),
  fi('dir-recurse-symbolic', 'edge', { d: dir(), 'd/script': f('s', { mode: 0o755 }), 'd/data': f('a', { mode: 0o644 }), 'd/sub': dir({ mode: 0o700 }) }, (d) => ({ path: `${d}/d`, state: 'directory', mode: 'u=rwX,g=rX,o=', recurse: true })),
  fi('dir-recurse-inner-link', 'edge', { d: dir(), 'd/t': f('t', { mode: 0o600 }), 'd/l': link('t') }, (d) => ({ path: `${d}/d`, state: 'directory', mode: '0640', recurse: true, owner: '1' })),
  // Ansible's file target: a-x through a tree with a link out of it, not followed and followed.
  fi('dir-recurse-outer-link-nofollow', 'ansible', { d: dir(), 'd/f': f('x', { mode: 0o755 }), 'd/l': link('../outside'), outside: f('o', { mode: 0o755 }) }, (d) => ({ path: `${d}/d`, state: 'directory', mode: 'a-x', recurse: true, follow: false })),
  fi('dir-recurse-outer-link-follow', 'ansible', { d: dir(), 'd/f': f('x', { mode: 0o755 }), 'd/l': link('../outside'), outside: f('o', { mode: 0o755 }) }, (d) => ({ path: `${d}/d`, state: 'directory', mode: 'a-x', recurse: true, follow: true })),
  fi('dir-recurse-outer-link', 'edge', { d: dir(), 'd/l': link('../outside'), outside: f('o', { mode: 0o600 }) }, (d) => ({ path: `${d}/d`, state: 'directory', recurse: true, owner: '1' }), { deliberate: 'recurse meets a link out of the tree: Ansible follows it and changes the file outside; corectl refuses' }),
  // link
  fi('link-new', 'ansible', { t: f() }, (d) => ({ path: `${d}/l`, state: 'link', src: `${d}/t` })),
  fi('link-relative', 'ansible', { t: f() }, (d) => ({ path: `${d}/l`, state: 'link', src: 't' })),
  fi('link-same', 'ansible', { t: f(), l: link('t') }, (d) => ({ path: `${d}/l`, state: 'link', src: 't' })),
  fi('link-retarget', 'ansible', { t: f(), u: f(), l: link('t') }, (d) => ({ path: `${d}/l`, state: 'link', src: 'u' })),
  fi('link-missing-target', 'ansible', {}, (d) => ({ path: `${d}/l`, state: 'link', src: 'does_not_exist' })),
  fi('link-missing-target-force', 'ansible', {}, (d) => ({ path: `${d}/l`, state: 'link', src: 'does_not_exist', force: true })),
  fi('link-over-file', 'ansible', { t: f(), l: f('precious\n') }, (d) => ({ path: `${d}/l`, state: 'link', src: 't' })),
  fi('link-over-file-force', 'ansible', { t: f(), l: f('precious\n') }, (d) => ({ path: `${d}/l`, state: 'link', src: 't', force: true })),
  fi('link-over-empty-dir', 'ansible', { t: f(), l: dir() }, (d) => ({ path: `${d}/l`, state: 'link', src: 't' })),
  fi('link-over-empty-dir-force', 'ansible', { t: f(), l: dir() }, (d) => ({ path: `${d}/l`, state: 'link', src: 't', force: true })),
  fi('link-over-full-dir-force', 'ansible', { t: f(), l: dir(), 'l/keep': f() }, (d) => ({ path: `${d}/l`, state: 'link', src: 't', force: true })),
  fi('link-to-dir', 'ansible', { 'target_dir/foo': f() }, (d) => ({ path: `${d}/l`, state: 'link', src: '../' + d.split('/').pop() + '/target_dir' })),
  // hard
  fi('hard-new', 'ansible', { t: f() }, (d) => ({ path: `${d}/h`, state: 'hard', src: `${d}/t` })),
  fi('hard-same', 'ansible', { t: f(), h: { type: 'hardlink', of: 't' } }, (d) => ({ path: `${d}/h`, state: 'hard', src: `${d}/t` })),
  fi('hard-with-mode', 'ansible', { t: f() }, (d) => ({ path: `${d}/h`, state: 'hard', src: `${d}/t`, mode: '0701' })),
  fi('hard-over-file', 'edge', { t: f(), h: f('other\n') }, (d) => ({ path: `${d}/h`, state: 'hard', src: `${d}/t` })),
  fi('hard-over-file-force', 'edge', { t: f(), h: f('other\n') }, (d) => ({ path: `${d}/h`, state: 'hard', src: `${d}/t`, force: true })),
  // Ansible's file target: a destination that is a directory gets the link inside it, by the source's name.
  fi('hard-into-dir', 'ansible', { t: f(), d: dir() }, (d) => ({ path: `${d}/d`, state: 'hard', src: `${d}/t` })),
  fi('hard-missing-src', 'edge', {}, (d) => ({ path: `${d}/h`, state: 'hard', src: `${d}/t` })),
  fi('hard-over-symlink', 'edge', { t: f(), h: link('t') }, (d) => ({ path: `${d}/h`, state: 'hard', src: `${d}/t` })),
  fi('hard-into-dir', 'edge', { t: f(), h: dir() }, (d) => ({ path: `${d}/h`, state: 'hard', src: `${d}/t` })),
  fi('hard-into-dir-same', 'edge', { t: f(), h: dir(), 'h/t': { type: 'hardlink', of: 't' } }, (d) => ({ path: `${d}/h`, state: 'hard', src: `${d}/t` })),
  fi('hard-into-dir-taken', 'edge', { t: f(), h: dir(), 'h/t': f('other\n') }, (d) => ({ path: `${d}/h`, state: 'hard', src: `${d}/t` })),
  // touch
  fi('touch-new', 'ansible', {}, (d) => ({ path: `${d}/baz.txt`, state: 'touch', mode: '0644' }), { repeats: 'times are set to now on every run, as in Ansible' }),
  fi('touch-preserve', 'ansible', { f: f('', { mtime: '202001011200.00' }) }, (d) => ({ path: `${d}/f`, state: 'touch', access_time: 'preserve', modification_time: 'preserve', mode: '0640' }), { times: true }),
  fi('touch-new-preserve', 'ansible', {}, (d) => ({ path: `${d}/f`, state: 'touch', access_time: 'preserve', modification_time: 'preserve' })),
  fi('touch-fixed-time', 'edge', { f: f('', { mtime: '202001011200.00' }) }, (d) => ({ path: `${d}/f`, state: 'touch', modification_time: '202401011230.00', access_time: 'preserve' }), { times: true }),
  fi('touch-fixed-time-same', 'edge', { f: f('', { mtime: '202401011230.00' }) }, (d) => ({ path: `${d}/f`, state: 'touch', modification_time: '202401011230.00', access_time: 'preserve' }), { times: true }),
  fi('touch-time-format', 'edge', { f: f('', { mtime: '202001011200.00' }) }, (d) => ({ path: `${d}/f`, state: 'touch', modification_time: '2024-01-01 12:30:00', modification_time_format: '%Y-%m-%d %H:%M:%S', access_time: 'preserve' }), { times: true }),
  fi('touch-owner-unknown', 'ansible', {}, (d) => ({ path: `${d}/f`, state: 'touch', owner: 'not-existing-user' })),
  fi('touch-owner-numeric', 'ansible', { f: f('', { mtime: '202001011200.00' }) }, (d) => ({ path: `${d}/f`, state: 'touch', owner: '111111', access_time: 'preserve', modification_time: 'preserve' })),
  // absent
  fi('absent-file', 'ansible', { f: f() }, (d) => ({ path: `${d}/f`, state: 'absent' })),
  fi('absent-missing', 'ansible', {}, (d) => ({ path: `${d}/ghost`, state: 'absent' })),
  fi('absent-tree', 'ansible', { 'd/a': f(), 'd/b/c': f() }, (d) => ({ path: `${d}/d`, state: 'absent' })),
  fi('absent-link-keeps-target', 'edge', { t: f(), l: link('t') }, (d) => ({ path: `${d}/l`, state: 'absent' })),
  fi('absent-dangling-link', 'edge', { l: link('nowhere') }, (d) => ({ path: `${d}/l`, state: 'absent' })),
  // copy with content
  cp('new', 'ansible', {}, (d) => ({ dest: `${d}/f`, content: 'hello\n' })),
  cp('same', 'ansible', { f: f('hello\n') }, (d) => ({ dest: `${d}/f`, content: 'hello\n' })),
  cp('differs-keeps-mode', 'ansible', { f: f('old\n', { mode: 0o600, owner: 1 }) }, (d) => ({ dest: `${d}/f`, content: 'new\n' })),
  cp('mode', 'ansible', {}, (d) => ({ dest: `${d}/f`, content: 'x\n', mode: '0640' })),
  cp('mode-existing-same-content', 'ansible', { f: f('x\n') }, (d) => ({ dest: `${d}/f`, content: 'x\n', mode: '0600' })),
  cp('owner-group', 'ansible', {}, (d) => ({ dest: `${d}/f`, content: 'x\n', owner: 'daemon', group: 'bin' })),
  cp('owner-unknown', 'ansible', { f: f('old\n') }, (d) => ({ dest: `${d}/f`, content: 'new\n', owner: 'nosuchuser' }), { deliberate: 'an owner that does not exist: corectl fails before writing anything; Ansible writes the new content, then fails' }),
  cp('missing-parent', 'ansible', {}, (d) => ({ dest: `${d}/no/such/dir/f`, content: 'x\n' })),
  cp('backup', 'ansible', { f: f('old\n') }, (d) => ({ dest: `${d}/f`, content: 'new\n', backup: true })),
  cp('backup-same', 'ansible', { f: f('same\n') }, (d) => ({ dest: `${d}/f`, content: 'same\n', backup: true })),
  cp('validate-pass', 'ansible', { f: f('old\n') }, (d) => ({ dest: `${d}/f`, content: 'new\n', validate: 'grep -q new %s' })),
  cp('validate-fail', 'ansible', { f: f('old\n') }, (d) => ({ dest: `${d}/f`, content: 'bad\n', validate: 'grep -q new %s' })),
  cp('validate-fail-backup', 'ansible', { f: f('old\n') }, (d) => ({ dest: `${d}/f`, content: 'bad\n', validate: 'grep -q new %s', backup: true })),
  cp('over-symlink', 'ansible', { f: link('t'), t: f('target\n', { mode: 0o600 }) }, (d) => ({ dest: `${d}/f`, content: 'new\n' })),
  cp('over-symlink-same-content', 'edge', { f: link('t'), t: f('new\n') }, (d) => ({ dest: `${d}/f`, content: 'new\n' })),
  cp('over-dangling-symlink', 'edge', { f: link('missing') }, (d) => ({ dest: `${d}/f`, content: 'new\n' })),
  cp('empty-content', 'ansible', { f: f('old\n') }, (d) => ({ dest: `${d}/f`, content: '' })),
  cp('binary-content', 'edge', {}, (d) => ({ dest: `${d}/f`, content: 'caf\u00e9 \u00fcber\n' })),
  cp('no-final-newline', 'edge', { f: f('a\n') }, (d) => ({ dest: `${d}/f`, content: 'a' })),
  cp('symbolic-mode', 'edge', { f: f('x\n', { mode: 0o600 }) }, (d) => ({ dest: `${d}/f`, content: 'x\n', mode: 'g+r,o+r' })),
  cp('setuid-with-owner', 'edge', {}, (d) => ({ dest: `${d}/f`, content: '#!/bin/sh\n', mode: '04755', owner: 'daemon' })),
  // copy with remote_src (Ansible's copy target copies files on the host the same way)
  cpr('new', 'ansible', { src: f('from the host\n', { mode: 0o600 }) }, (d) => ({ src: `${d}/src`, dest: `${d}/f` })),
  cpr('same', 'ansible', { src: f('same\n'), f: f('same\n') }, (d) => ({ src: `${d}/src`, dest: `${d}/f` })),
  cpr('differs-keeps-mode', 'ansible', { src: f('new\n'), f: f('old\n', { mode: 0o600 }) }, (d) => ({ src: `${d}/src`, dest: `${d}/f` })),
  cpr('mode', 'ansible', { src: f('x\n') }, (d) => ({ src: `${d}/src`, dest: `${d}/f`, mode: '0640' })),
  cpr('owner-group', 'ansible', { src: f('x\n') }, (d) => ({ src: `${d}/src`, dest: `${d}/f`, owner: 'daemon', group: 'bin' })),
  cpr('backup', 'ansible', { src: f('new\n'), f: f('old\n') }, (d) => ({ src: `${d}/src`, dest: `${d}/f`, backup: true })),
  cpr('validate-fail', 'ansible', { src: f('bad\n'), f: f('old\n') }, (d) => ({ src: `${d}/src`, dest: `${d}/f`, validate: 'grep -q new %s' })),
  cpr('missing-source', 'ansible', {}, (d) => ({ src: `${d}/nothing`, dest: `${d}/f` })),
  cpr('source-a-link', 'edge', { t: f('through the link\n'), src: link('t') }, (d) => ({ src: `${d}/src`, dest: `${d}/f` })),
  cpr('over-symlink', 'edge', { src: f('new\n'), f: link('t'), t: f('target\n') }, (d) => ({ src: `${d}/src`, dest: `${d}/f` })),
  cpr('missing-parent', 'ansible', { src: f('x\n') }, (d) => ({ src: `${d}/src`, dest: `${d}/no/dir/f` })),
  cpr('empty-source', 'edge', { src: f(''), f: f('old\n') }, (d) => ({ src: `${d}/src`, dest: `${d}/f` })),
  // template
  tp('new', 'ansible', {}, 'server {{ "time1" }}.example.net iburst\n', 'server time1.example.net iburst\n', (d) => ({ dest: `${d}/chrony.conf` })),
  tp('same', 'ansible', { 'chrony.conf': f(CHRONY) }, CHRONY, CHRONY, (d) => ({ dest: `${d}/chrony.conf` })),
  tp('trailing-newline-kept', 'ansible', {}, 'a\n\n', 'a\n\n', (d) => ({ dest: `${d}/f` })),
  tp('mode-owner', 'ansible', { f: f(FIVE_LINES) }, 'x\n', 'x\n', (d) => ({ dest: `${d}/f`, mode: '0600', owner: '1', group: '1' })),
  tp('backup', 'ansible', { f: f('old\n') }, 'new\n', 'new\n', (d) => ({ dest: `${d}/f`, backup: true })),
  tp('validate-fail', 'ansible', { f: f('old\n') }, 'bad\n', 'bad\n', (d) => ({ dest: `${d}/f`, validate: 'grep -q good %s' })),
  tp('loop', 'ansible', {}, '{% for s in ["a", "b"] %}server {{ s }}\n{% endfor %}', 'server a\nserver b\n', (d) => ({ dest: `${d}/f` })),
];
