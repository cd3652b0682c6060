// What corectl remembers between runs about a playbook: that it type-checked clean, and what it
// compiled to. An entry holds the size and mtime of every file it was made from and is used only
// while all of them are unchanged, as make would judge it.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CACHE_DIR = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'corectl');

/** The cache file for one kind of entry about one playbook, e.g. cachePath('typecheck', file, '.json'). */
export function cachePath(kind: string, key: string, extension: string): string {
  return join(CACHE_DIR, `${kind}-${createHash('sha256').update(key).digest('hex').slice(0, 16)}${extension}`);
}

function fingerprint(path: string): string {
  const { size, mtimeMs } = statSync(path);
  return `${size}:${mtimeMs}`;
}

/** The fingerprints of the files an entry was made from. */
export function fingerprints(files: string[]): Record<string, string> {
  return Object.fromEntries(files.map((file) => [file, fingerprint(file)]));
}

/** True while every file still has the fingerprint recorded for it. */
export function unchanged(inputs: Record<string, string>): boolean {
  try {
    return Object.entries(inputs).every(([path, print]) => fingerprint(path) === print);
  } catch {
    return false; // a file is gone
  }
}

/** A JSON cache file, or undefined when there is none (or it is not JSON). */
export function readCacheJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/**
 * Writes a cache file whole or not at all (a temp file renamed over it: two runs at once never
 * read a half-written one), readable by the user only. Returns false when it cannot be written.
 */
export function writeCacheFile(path: string, content: string | Uint8Array): boolean {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(CACHE_DIR, { recursive: true, mode: 0o700 });
    writeFileSync(temp, content, { mode: 0o600 });
    renameSync(temp, path);
    return true;
  } catch {
    return false;
  }
}
