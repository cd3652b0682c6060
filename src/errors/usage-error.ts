// A mistake on the command line. Reported without a stack trace, with exit code 4.
import { CorectlError } from './corectl-error.ts';
import { ExitCode } from './exit-codes.ts';
export class UsageError extends CorectlError {
  override readonly name = 'UsageError';
  override readonly exitCode = ExitCode.usage;
}
