// An inventory problem, located at file:line:column and naming the field, so it can be fixed
// without guessing. Loading stops at the first file with errors and nothing runs.

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}

export class InventoryError extends Error {
  override readonly name = 'InventoryError';
  constructor(
    readonly location: SourceLocation,
    readonly field: string | undefined,
    readonly problem: string,
  ) {
    super(`${formatLocation(location)}: ${field ? `${field}: ` : ''}${problem}`);
  }
}
