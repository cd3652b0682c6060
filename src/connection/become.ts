// Privilege escalation: wraps a command in sudo so it runs as root (or another user).
import { quote } from './shell-quote.ts';
import type { ExecOptions } from './connection-target.ts';

/**
 * Returns the command and the stdin to send. `-n` makes sudo fail at once instead of hanging on a
 * password prompt nobody can answer; with a password, `-S -p ''` reads it as the first stdin line.
 */
export function withBecome(
  command: string,
  loginUser: string,
  options: Pick<ExecOptions, 'become' | 'becomeUser' | 'becomePassword' | 'stdin'>,
): { command: string; stdin?: string | Buffer } {
  const targetUser = options.becomeUser ?? 'root';
  if (!options.become || loginUser === targetUser) return { command, stdin: options.stdin };
  const userArgs = targetUser === 'root' ? '' : ` -u ${quote(targetUser)}`;
  const wrapped = `sh -c ${quote(command)}`;
  if (options.becomePassword === undefined) {
    return { command: `sudo -n${userArgs} -- ${wrapped}`, stdin: options.stdin };
  }
  const password = Buffer.from(`${options.becomePassword}\n`);
  const stdin = options.stdin === undefined ? password : Buffer.concat([password, Buffer.from(options.stdin)]);
  return { command: `sudo -S -p ''${userArgs} -- ${wrapped}`, stdin };
}
