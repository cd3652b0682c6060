import { chownSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readFailureReason } from '../../../src/connection/read-failure.ts';

// Permission denied cannot be provoked as root (these tests run as root in CI): the error is
// made, the file and its owner are real.
const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });

it('names who corectl runs as, who owns the file with which mode, and how to read it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'corectl-read-'));
  const key = join(dir, 'id_ed25519');
  writeFileSync(key, 'key', { mode: 0o600 });
  chownSync(key, 1000, 1000);
  const reason = readFailureReason(key, denied);
  expect(reason).toBe(`permission denied (corectl runs as uid ${process.getuid!()}; the file belongs to uid 1000 with mode 0600): run corectl as uid 1000 (in a container: --user 1000), or give uid ${process.getuid!()} a copy it can read`);
});

it('names the directory when the file cannot even be looked at', () => {
  const dir = mkdtempSync(join(tmpdir(), 'corectl-read-'));
  expect(readFailureReason(join(dir, 'gone', 'known_hosts'), denied)).toBe(`permission denied (corectl runs as uid ${process.getuid!()})`);
  expect(readFailureReason(join(dir, 'known_hosts'), denied)).toMatch(/its directory belongs to uid \d+ with mode 07\d\d/);
});

it('says plainly what other errors are', () => {
  expect(readFailureReason('/x', Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe('no such file');
  expect(readFailureReason('/x', Object.assign(new Error('x'), { code: 'EISDIR' }))).toBe('it is a directory');
  expect(readFailureReason('/x', Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }))).toBe('EIO: i/o error');
});
