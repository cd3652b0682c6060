// An inventory problem, located at file:line:column and naming the field, so it can be fixed
// without guessing. Loading stops at the first file with errors and nothing runs.
import { CorectlError, type CorectlErrorOptions } from '../errors/corectl-error.ts';
import { ExitCode } from '../errors/exit-codes.ts';

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}

export class InventoryError extends CorectlError {
  override readonly name = 'InventoryError';
  override readonly exitCode = ExitCode.usage;
  constructor(
    readonly location: SourceLocation,
    readonly field: string | undefined,
    readonly problem: string,
    options: CorectlErrorOptions = {},
  ) {
    super(`${formatLocation(location)}: ${field ? `${field}: ` : ''}${problem}`, { origin: location, ...options });
  }
}
