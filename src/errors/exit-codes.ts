// corectl's exit codes (documented in README "Exit codes"). When several apply, the first in
// this list that applies wins: a usage error, then failures, then unreachable hosts, then drift.
export const ExitCode = {
  ok: 0,
  /** corectl itself failed unexpectedly (a bug: please report it). */
  internalError: 1,
  /** A task or command failed on at least one host. */
  failed: 2,
  /** At least one host could not be reached (network, host key, authentication). */
  unreachable: 3,
  /** Bad command line, inventory or playbook: nothing was run. */
  usage: 4,
  /** Check mode found drift: at least one task would change a host. */
  drift: 5,
  /** Stopped by Ctrl-C (SIGINT); SIGTERM gives 143 and SIGHUP 129 (128 + the signal's number, see run-interrupted.ts). */
  interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

const MEANINGS: Record<number, string> = {
  0: 'ok', 1: 'internal error', 2: 'failed', 3: 'unreachable', 4: 'usage error', 5: 'drift',
  129: 'stopped by SIGHUP', 130: 'stopped by Ctrl-C', 143: 'stopped by SIGTERM',
};

/** "5 (drift)": an exit code with what it means, for people reading past runs. */
export function describeExitCode(code: number): string {
  return MEANINGS[code] ? `${code} (${MEANINGS[code]})` : String(code);
}
