// Runs a local command for the harness and fails with its stderr, so a broken step says why.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export async function run(command: string, args: string[], options: { allowFailure?: boolean; input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  try {
    const child = execFileAsync(command, args, { maxBuffer: 64 * 1024 * 1024, ...(options.env ? { env: options.env } : {}) });
    if (options.input !== undefined) {
      child.child.stdin?.end(options.input);
    }
    const { stdout } = await child;
    return stdout;
  } catch (error) {
    if (options.allowFailure) return '';
    const e = error as { stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed: ${e.stderr?.trim() || e.message}`, { cause: error });
  }
}
