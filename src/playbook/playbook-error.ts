// A playbook that cannot be loaded or run as written: reported with its file and line, exit code 4.
import { CorectlError } from '../errors/corectl-error.ts';
import { ExitCode } from '../errors/exit-codes.ts';
export class PlaybookError extends CorectlError {
  override readonly name = 'PlaybookError';
  override readonly exitCode = ExitCode.usage;
}
