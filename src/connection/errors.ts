// Typed errors of the connection layer. Each carries the host it concerns and keeps its cause,
// so a reporter can say what happened and a person can act on it.
import { CorectlError, type CorectlErrorOptions } from '../errors/corectl-error.ts';
import { ExitCode } from '../errors/exit-codes.ts';

export class ConnectionError extends CorectlError {
  override readonly name: string = 'ConnectionError';
  override readonly exitCode: number = ExitCode.unreachable;
  constructor(readonly host: string, message: string, options?: CorectlErrorOptions) {
    super(message, options);
  }
}

/** The host could not be reached or authenticated: the run treats it apart from failed tasks. */
export class HostUnreachableError extends ConnectionError {
  override readonly name = 'HostUnreachableError';
}

/** The host presented a key that known_hosts does not vouch for. Never retried. */
export class HostKeyError extends ConnectionError {
  override readonly name = 'HostKeyError';
}

/** The connection dropped while a command ran: the command may or may not have completed. */
export class ConnectionLostError extends ConnectionError {
  override readonly name = 'ConnectionLostError';
}

export class CommandTimeoutError extends ConnectionError {
  override readonly name = 'CommandTimeoutError';
  // The host answered; the command did not finish: a failure, not an unreachable host.
  override readonly exitCode = ExitCode.failed;
  constructor(host: string, readonly command: string, readonly timeoutMs: number) {
    super(host, `${host}: command did not finish within ${timeoutMs} ms: ${command.slice(0, 80)}`);
  }
}

/** A local problem with credentials (missing key file, wrong passphrase). */
export class CredentialError extends CorectlError {
  override readonly name = 'CredentialError';
  override readonly exitCode = ExitCode.usage;
}
