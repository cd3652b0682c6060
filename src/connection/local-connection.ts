// A host reached without SSH: the controller itself (`ansible_connection=local`, or the implicit
// `localhost` of a pattern), as Ansible's local connection runs tasks. Commands run as the user
// corectl runs as, under /bin/sh, with the same script-on-stdin and sudo wrapping as over SSH.
import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { withBecome } from './become.ts';
import type { ConnectionTarget, ExecOptions, ExecResult } from './connection-target.ts';
import { CommandTimeoutError, ConnectionLostError } from './errors.ts';
import type { ConnectionStats, HostConnection } from './host-connection.ts';
import { scriptWithDefinitions } from './script-on-stdin.ts';

export class LocalConnection implements HostConnection {
  readonly stats: ConnectionStats = { connects: 0, channels: 0, stdinBytes: 0, commands: 0 };
  private closed = false;
  private readonly running = new Set<ReturnType<typeof spawn>>();

  constructor(readonly target: ConnectionTarget) {}

  async connect(): Promise<void> {}

  get isClosed(): boolean {
    return this.closed;
  }

  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    if (this.closed) return Promise.reject(new ConnectionLostError(this.target.name, `${this.target.name}: connection already closed`));
    const { stdin } = options;
    if (stdin !== undefined) this.stats.stdinBytes += typeof stdin === 'string' ? Buffer.byteLength(stdin) : stdin.length;
    const prepared = withBecome(...scriptWithDefinitions(command, this.target.user, options));
    this.stats.channels++;
    this.stats.commands++;
    return new Promise((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', prepared.command], { stdio: ['pipe', 'pipe', 'pipe'] });
      this.running.add(child);
      const out = new StringDecoder('utf8');
      const err = new StringDecoder('utf8');
      let stdout = '';
      let stderr = '';
      const timer = options.timeoutMs
        ? setTimeout(() => {
            child.kill('SIGKILL');
            reject(new CommandTimeoutError(this.target.name, command, options.timeoutMs!));
          }, options.timeoutMs)
        : undefined;
      child.stdout.on('data', (chunk: Buffer) => {
        const text = out.write(chunk);
        stdout += text;
        if (text) options.onStdout?.(text);
      });
      child.stderr.on('data', (chunk: Buffer) => {
        const text = err.write(chunk);
        stderr += text;
        if (text) options.onStderr?.(text);
      });
      // A command that does not read all of its input is not an error of ours.
      child.stdin.on('error', () => {});
      child.on('error', (error) => {
        clearTimeout(timer);
        this.running.delete(child);
        reject(new ConnectionLostError(this.target.name, `${this.target.name}: cannot run /bin/sh on the controller: ${error.message}`, { cause: error }));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        this.running.delete(child);
        resolve({ exitCode: code, ...(signal ? { signal } : {}), stdout: stdout + out.end(), stderr: stderr + err.end() });
      });
      child.stdin.end(prepared.stdin);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const child of this.running) child.kill('SIGTERM');
  }
}
