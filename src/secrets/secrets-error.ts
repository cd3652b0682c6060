// A secrets file that cannot be read, decrypted or parsed, or keys that cannot be found. The
// message names the file and what to do; it never holds a secret value.
import { CorectlError } from '../errors/corectl-error.ts';
import { ExitCode } from '../errors/exit-codes.ts';
export class SecretsError extends CorectlError {
  override readonly name = 'SecretsError';
  override readonly exitCode = ExitCode.usage;
}
