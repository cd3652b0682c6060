// Why a local file (a private key, known_hosts) could not be read, said so a person can fix it.
// Permission denied is the usual case in a container: the operator's ~/.ssh is mounted, its files
// belong to the operator's uid with mode 0600, and corectl runs as the image's user.
import { statSync } from 'node:fs';
import { dirname } from 'node:path';

export function readFailureReason(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code !== 'EACCES') return (error as Error).message;
  const self = process.getuid?.();
  if (self === undefined) return 'permission denied';
  const owner = ownerOf(path) ?? ownerOf(dirname(path));
  const whose = owner ? `; ${owner.what} belongs to uid ${owner.uid} with mode ${owner.mode}` : '';
  const fix = owner ? `: run corectl as uid ${owner.uid} (in a container: --user ${owner.uid}), or give uid ${self} a copy it can read` : '';
  return `permission denied (corectl runs as uid ${self}${whose})${fix}`;
}

function ownerOf(path: string): { what: string; uid: number; mode: string } | undefined {
  try {
    const stat = statSync(path);
    return { what: stat.isDirectory() ? 'its directory' : 'the file', uid: stat.uid, mode: `0${(stat.mode & 0o777).toString(8)}` };
  } catch {
    return undefined;
  }
}

