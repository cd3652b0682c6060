// Remote shell quoting: the one place where a value becomes part of a command line on a host.
// Everything that enters a remote command goes through `quote` or the `sh` template tag, so a
// value can never end a quoted word early and run something it was not meant to.
import { CorectlError } from '../errors/corectl-error.ts';
import { ExitCode } from '../errors/exit-codes.ts';

/** A value that cannot be carried safely inside a POSIX shell word. */
export class UnquotableValueError extends CorectlError {
  override readonly name = 'UnquotableValueError';
  override readonly exitCode = ExitCode.usage;
  constructor(readonly value: string, reason: string) {
    super(`cannot pass ${JSON.stringify(value.slice(0, 40))} to a remote shell: ${reason}`);
  }
}

/** A command line fragment that is already safe to paste into a shell script. */
export class ShellFragment {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/**
 * Quotes one value as a single POSIX shell word.
 * Single quotes make every byte literal; an embedded single quote is closed, escaped and reopened
 * ('\''), which is the only character single quotes cannot hold. NUL cannot exist in an argv
 * string at all, so it is refused rather than silently truncating the value.
 *
 * @example quote("it's $(here)") === "'it'\\''s $(here)'"
 */
export function quote(value: string | number): string {
  const text = String(value);
  if (text.includes('\0')) throw new UnquotableValueError(text, 'it contains a NUL byte');
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(text) && !text.startsWith('-')) return text;
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** Marks trusted shell text (operators, redirections) so `sh` pastes it unquoted. */
export function raw(text: string): ShellFragment {
  return new ShellFragment(text);
}

type ShellValue = string | number | ShellFragment | readonly (string | number | ShellFragment)[];

/**
 * Builds a command from a template whose interpolations are quoted; arrays become several words.
 *
 * @example sh`test -e ${path} && cat -- ${path}`
 */
export function sh(strings: TemplateStringsArray, ...values: ShellValue[]): string {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += renderShellValue(value) + (strings[i + 1] ?? '');
  });
  return out;
}

function renderShellValue(value: ShellValue): string {
  if (value instanceof ShellFragment) return value.text;
  if (Array.isArray(value)) return value.map((v) => renderShellValue(v)).join(' ');
  return quote(value as string | number);
}
