// A mistake on the command line. Reported without a stack trace, with exit code 4.
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
