// Option schemas that many modules share, so that paths, modes and names are checked the same
// way everywhere: absolute paths without traversal, octal modes, names that cannot be options.
import { createHash } from 'node:crypto';
import { z } from 'zod';

export function sha256Hex(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** An absolute path with no `..` component and no NUL. */
export const absolutePathSchema = z
  .string()
  .refine((p) => p.startsWith('/'), 'must be an absolute path')
  .refine((p) => !p.split('/').includes('..'), 'must not contain ".." components')
  .refine((p) => !p.includes('\0'), 'must not contain NUL');

/** A file mode in octal, as a string ('0644') or a number written in octal (0o644). */
export const modeSchema = z
  .union([z.string().regex(/^0?[0-7]{3,4}$/, 'must be an octal mode like "0644"'), z.number().int().min(0).max(0o7777)])
  .transform((mode) => (typeof mode === 'number' ? mode : parseInt(mode, 8)).toString(8));

/** A unit, user, group or package name: never empty, never starting with `-` (an option). */
export const safeNameSchema = z
  .string()
  .min(1)
  .refine((n) => !n.startsWith('-'), 'must not start with "-"')
  .refine((n) => !/[\s/\0]/.test(n), 'must not contain whitespace, "/" or NUL');

/** File content: text, or bytes. */
export const fileContentSchema = z.union([z.string(), z.instanceof(Buffer)]);
