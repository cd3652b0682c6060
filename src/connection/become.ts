// Privilege escalation: wraps a command in sudo so it runs as root (or another user).
import { quote } from './shell-quote.ts';
import type { ExecOptions } from './connection-target.ts';

/** Environment variable with the sudo password, for hosts whose sudo asks for one. */
export const BECOME_PASSWORD_ENV = 'CORECTL_BECOME_PASSWORD';

/** True when the command has to go through sudo: it asks for another user than the login one. */
export function needsSudo(loginUser: string, options: Pick<ExecOptions, 'become' | 'becomeUser'>): boolean {
  return !!options.become && loginUser !== (options.becomeUser ?? 'root');
}

/**
 * Returns the command and the stdin to send. `-n` makes sudo fail at once instead of hanging on a
 * password prompt nobody can answer.
 *
 * With a password, the remote shell reads it as the first stdin line into a variable and hands it
 * to `sudo -v` through a pipe from the printf builtin, so it never appears in a process list;
 * the command then runs under `sudo -n` on the rest of stdin. Feeding the password to the
 * command's own sudo instead would leak it into the command's input wherever sudo does not ask.
 */
export function withBecome(
  command: string,
  loginUser: string,
  options: Pick<ExecOptions, 'become' | 'becomeUser' | 'becomePassword' | 'stdin'>,
): { command: string; stdin?: string | Buffer } {
  const targetUser = options.becomeUser ?? 'root';
  if (!needsSudo(loginUser, options)) return { command, stdin: options.stdin };
  const userArgs = targetUser === 'root' ? '' : ` -u ${quote(targetUser)}`;
  const sudo = `sudo -n${userArgs} -- sh -c ${quote(command)}`;
  if (options.becomePassword === undefined) return { command: sudo, stdin: options.stdin };
  if (options.becomePassword.includes('\n')) throw new Error('a sudo password cannot contain a newline');
  const password = Buffer.from(`${options.becomePassword}\n`);
  const stdin = options.stdin === undefined ? password : Buffer.concat([password, Buffer.from(options.stdin)]);
  const validate = `IFS= read -r corectl_pw && printf '%s\\n' "$corectl_pw" | sudo -S -p '' -v 2>/dev/null; unset corectl_pw`;
  // sudo remembers the validation for commands whose parent is the same process. bash (Fedora
  // CoreOS's /bin/sh) would exec a `-c` string's last command in place of itself, so that sudo's
  // parent would be sshd's session instead: the `exit` after it keeps the shell in between.
  return { command: `${validate}; ${sudo}; exit $?`, stdin };
}
