// A command line is public on a host: any user sees it in `ps` and /proc/PID/cmdline. So a command
// on an exec channel is sent as a fixed one-liner that reads the real script from stdin (GNU head
// -c reads exactly the bytes it is asked for) and runs it, followed by the command's own stdin.
// Whatever a script holds — file contents, a line with a password — never becomes an argument.

import type { ExecOptions } from './connection-target.ts';

export function scriptOnStdin(script: string, stdin?: string | Buffer): { command: string; stdin: Buffer } {
  const body = Buffer.from(script);
  return {
    command: `eval "$(head -c ${body.length})"`,
    stdin: stdin === undefined || stdin.length === 0 ? body : Buffer.concat([body, Buffer.from(stdin)]),
  };
}

/**
 * The command's script travels on stdin, ahead of its own input, with its definitions: an exec
 * channel (or a local process) keeps nothing from one command to the next.
 */
export function scriptWithDefinitions(command: string, loginUser: string, options: ExecOptions): [string, string, ExecOptions] {
  const script = options.definitions === undefined ? command : `${options.definitions}\n${command}`;
  const { command: bootstrap, stdin } = scriptOnStdin(script, options.stdin);
  return [bootstrap, loginUser, { ...options, stdin }];
}
