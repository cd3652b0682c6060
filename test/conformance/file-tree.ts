// Start states and snapshots of the conformance cases, as shell scripts that run the same way on
// the controller (for Ansible) and on a test host (for corectl), so both start from identical
// bytes, modes, owners and links, and are compared by the same `find` output.
import { quote } from '../../src/connection/shell-quote.ts';
import type { Tree } from './conformance-case.ts';

/** The directory every case lives under, the same path on the controller and on the hosts. */
export const CONFORMANCE_ROOT = '/var/tmp/corectl-conformance';

export const caseDir = (id: string) => `${CONFORMANCE_ROOT}/${id}`;

/** A script that makes each case's directory hold exactly its start state. */
export function startScript(cases: { id: string; start: Tree }[]): string {
  const lines = ['set -e', 'umask 022', `rm -rf ${CONFORMANCE_ROOT}`, `mkdir -p ${CONFORMANCE_ROOT}`];
  for (const c of cases) {
    const root = caseDir(c.id);
    lines.push(`mkdir -p ${quote(root)}`);
    const hardlinks: string[] = [];
    for (const [relative, entry] of Object.entries(c.start)) {
      const path = quote(`${root}/${relative}`);
      const parent = quote(`${root}/${relative}`.replace(/\/[^/]*$/, ''));
      lines.push(`mkdir -p ${parent}`);
      if (entry.type === 'file') {
        lines.push(`printf %s ${quote(Buffer.from(entry.content).toString('base64'))} | base64 -d > ${path}`);
        if (entry.mtime) lines.push(`touch -t ${entry.mtime} ${path}`);
      } else if (entry.type === 'dir') lines.push(`mkdir -p ${path}`);
      else if (entry.type === 'link') lines.push(`ln -s ${quote(entry.target)} ${path}`);
      else hardlinks.push(`ln ${quote(`${root}/${entry.of}`)} ${path}`);
      if (entry.type === 'file' || entry.type === 'dir') {
        if (entry.owner !== undefined || entry.group !== undefined) lines.push(`chown ${entry.owner ?? 0}:${entry.group ?? 0} ${path}`);
        if (entry.mode !== undefined) lines.push(`chmod ${entry.mode.toString(8).padStart(5, '0')} ${path}`);
      }
    }
    lines.push(...hardlinks);
  }
  return `${lines.join('\n')}\n`;
}

/** Lists every entry under the root: path, type, mode, uid, gid, link target, inode, mtime, and file bytes. */
export const SNAPSHOT_SCRIPT = `cd ${CONFORMANCE_ROOT} && find . -mindepth 1 -printf 'E\\t%P\\t%y\\t%m\\t%U\\t%G\\t%l\\t%i\\t%T@\\n' -type f -printf 'C\\t%P\\t' -exec base64 -w0 {} \\; -printf '\\n'`;

export interface SnapshotEntry {
  type: string;
  mode: string;
  uid: string;
  gid: string;
  target: string;
  mtime: string;
  content?: string;
  /** Other names of the same file (hard links), in this case's directory. */
  sameAs: string[];
}

/** Parses the snapshot into case id -> relative path -> entry (backup names made stable). */
export function parseSnapshot(output: string): Map<string, Map<string, SnapshotEntry>> {
  const cases = new Map<string, Map<string, SnapshotEntry>>();
  const inodes = new Map<string, string[]>();
  const entries = new Map<string, SnapshotEntry & { inode: string }>();
  for (const line of output.split('\n')) {
    const [kind, path, ...rest] = line.split('\t');
    if (!path) continue;
    const stable = path.replace(/\.\d+\.\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d~$/, '.BACKUP~');
    if (kind === 'E') {
      const [type, mode, uid, gid, target, inode, mtime] = rest as string[];
      const entry = { type: type!, mode: mode!, uid: uid!, gid: gid!, target: target!, mtime: mtime!, inode: inode!, sameAs: [] as string[] };
      entries.set(stable, entry);
      if (type === 'f') inodes.set(inode!, [...(inodes.get(inode!) ?? []), stable]);
    } else if (kind === 'C') entries.get(stable)!.content = rest[0] ?? '';
  }
  for (const [path, entry] of entries) {
    const [id, ...relative] = path.split('/');
    const names = (inodes.get(entry.inode) ?? []).filter((name) => name !== path && name.startsWith(`${id}/`));
    const { inode: _inode, ...kept } = entry;
    if (!cases.has(id!)) cases.set(id!, new Map());
    if (relative.length > 0) cases.get(id!)!.set(relative.join('/'), { ...kept, sameAs: names.map((n) => n.slice(id!.length + 1)).sort() });
  }
  return cases;
}
