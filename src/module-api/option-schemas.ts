// Option schemas that many modules share, so that paths, modes and names are checked the same
// way everywhere: absolute paths without traversal, octal modes, names that cannot be options.
import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * The digest corectl_file compares content by: BLAKE2b-512, which a host computes with coreutils'
 * b2sum. sha256sum would do as well, but where coreutils is built with OpenSSL (Debian 13) it
 * loads libcrypto: about 0.7 ms more of a busy host's CPU for every file checked.
 */
export function contentHash(content: string | Buffer): string {
  return createHash('blake2b512').update(content).digest('hex');
}

/** An absolute path with no `..` component and no NUL. */
export const absolutePathSchema = z
  .string()
  .refine((p) => p.startsWith('/'), 'must be an absolute path')
  .refine((p) => !p.split('/').includes('..'), 'must not contain ".." components')
  .refine((p) => !p.includes('\0'), 'must not contain NUL');

/**
 * A user or group name (or a numeric id), as shadow-utils accepts them by default: letters,
 * digits, `_`, `.` and `-`, never starting with `-` (an option), at most 32 characters.
 */
export const accountNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}\$?$/, 'must be a user or group name: letters, digits, "_", "." and "-", not starting with "-", at most 32 characters');

/** The owner or group of a file: a name, or a numeric id (compared as a number, as Ansible does). */
export const ownerSchema = z.union([accountNameSchema, z.number().int().min(0)]).transform(String);

/** A systemd unit name: the characters systemd allows, never `-…` (an option), `.` or `..` (a path). */
export const unitNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9:_.\\@][A-Za-z0-9:_.\\@-]{0,254}$/, 'must be a unit name: letters, digits, ":", "_", ".", "\\", "@" and "-", not starting with "-"')
  .refine((n) => !/^\.+$/.test(n), 'must be a unit name, not "." or ".."');

/** File content: text, or bytes. */
export const fileContentSchema = z.union([z.string(), z.instanceof(Buffer)]);
