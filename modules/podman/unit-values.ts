// Values written into systemd/quadlet unit files: one line each, quoted the way systemd unquotes
// them, with `%` doubled so systemd never expands a specifier the playbook did not write.
import { z } from 'zod';

/** A value that may go on a unit file line. */
export const unitValueSchema = z.string().refine((v) => !/[\n\r\0]/.test(v), 'must be one line (no newline or NUL)');

/** One word for a unit file: quoted when systemd would otherwise split or unescape it. */
export function unitWord(value: string): string {
  const escaped = value.replaceAll('%', '%%');
  if (escaped !== '' && !/[\s"'\\;]/.test(escaped)) return escaped;
  return `"${escaped.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}
