// The root of every error corectl means to report: one class with the exit code, a hint and the
// origin (file:line) kept as fields, as Ansible's errors keep message, hint and origin apart. main
// maps it with one `instanceof`; anything else that reaches main is a bug ("internal error").
// A new error class extends this one (test/unit/errors/error-root.test.ts fails on one that
// extends Error directly), so it can never silently become "internal error".
import { ExitCode } from './exit-codes.ts';

/** Where the mistake is: a file, and the line and column when known (1-based). */
export interface ErrorOrigin {
  file: string;
  line?: number;
  column?: number;
}

export interface CorectlErrorOptions {
  cause?: unknown;
  /** What to do about it, in one sentence: shown on a line of its own under the message. */
  hint?: string;
  origin?: ErrorOrigin;
}

/** "file:line:column", with what is known of it. */
export function formatOrigin(origin: ErrorOrigin): string {
  return [origin.file, origin.line, origin.column].filter((part) => part !== undefined && part !== 0).join(':');
}

// A site's own module may bring another copy of corectl (its own node_modules), whose classes are
// other classes: the brand, shared through the global symbol registry, still recognises its errors.
const BRAND = Symbol.for('corectl.error');

export class CorectlError extends Error {
  override readonly name: string = 'CorectlError';
  /** The process exit code when this error ends a command (README "Exit codes"). */
  readonly exitCode: number = ExitCode.usage;
  readonly hint: string | undefined;
  readonly origin: ErrorOrigin | undefined;

  constructor(message: string, options: CorectlErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.hint = options.hint;
    this.origin = options.origin;
  }

  // Only the root answers by brand: `x instanceof PlaybookError` keeps its ordinary meaning.
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this === CorectlError) return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }
}
// On the prototype, so every instance of every subclass carries it.
Object.defineProperty(CorectlError.prototype, BRAND, { value: true });

/** The exit code an error ends a command with: its own when it is corectl's, else internal error. */
export function exitCodeOf(error: unknown): number {
  return error instanceof CorectlError ? error.exitCode : ExitCode.internalError;
}
