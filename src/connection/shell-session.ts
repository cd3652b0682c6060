// A privileged shell kept open on one channel that runs commands one after another. Opening an
// exec channel and going through sudo costs the host a new sshd session process, PAM and sudo's
// logging: about 10-15 ms of its CPU per command, most of what a task costs a busy host. Through a
// session a command costs one round trip and a few small processes, and still runs in its own
// subshell: its own stdin, stdout, stderr, exit status and traps, as on an exec channel.
import { randomBytes } from 'node:crypto';
import type { Client, ClientChannel } from 'ssh2';
import { CommandTimeoutError, ConnectionLostError } from './errors.ts';
import type { ExecOptions, ExecResult } from './connection-target.ts';
import { shellSource } from '../module-api/shell-source.ts';
import sessionRunner from './session-runner.sh';

// The runner itself is session-runner.sh: it says how commands, their stdin and their end marks
// travel.
export const SESSION_RUNNER = shellSource(sessionRunner);

/** Up to this size the runner reads a script line by line itself; past it, head -c is cheaper
 * (starting it costs about as much as reading 3 to 4 KB a byte at a time). */
const SHORT_SCRIPT_BYTES = 4096;
/** Stdin up to this size, text ending in a newline, goes as lines (dash fills a here-document of
 * up to 4 KB without a fork). */
export const TEXT_STDIN_BYTES = 4096;

function lineCount(bytes: Buffer): number {
  let lines = 0;
  for (let at = bytes.indexOf(10); at >= 0; at = bytes.indexOf(10, at + 1)) lines++;
  return lines;
}

/** Text the runner can read line by line and hand on unchanged: no NUL (a shell variable cannot hold one), a final newline. */
export function isLineText(input: Buffer | string): boolean {
  if (typeof input === 'string') input = Buffer.from(input);
  return input.length > 0 && input.length <= TEXT_STDIN_BYTES && input[input.length - 1] === 10 && !input.includes(0);
}

/** A script as the runner reads it: a header line (nonce, how to read, length, stdin length), then the script, then stdin. */
function scriptFrame(nonce: string, how: 'run' | 'define', script: string, input: Buffer = Buffer.alloc(0)): Buffer {
  const body = Buffer.from(script.endsWith('\n') ? script : `${script}\n`);
  const stdin = isLineText(input) ? `l${lineCount(input)}` : String(input.length);
  const read = how === 'define' ? 'define' : body.length > SHORT_SCRIPT_BYTES ? 'bytes' : 'lines';
  const length = read === 'lines' ? lineCount(body) : body.length;
  return Buffer.concat([Buffer.from(`${nonce} ${read} ${length} ${stdin}\n`), body, input]);
}

interface Pending {
  /** The end mark both streams close with: `\n@corectl-end:NONCE `. */
  mark: Buffer;
  resolve: (result: ExecResult) => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
}

/** One stream's bytes of the running command, and its exit status once the end mark came. */
class StreamTail {
  bytes: Buffer = Buffer.alloc(0);
  status: number | undefined;

  /** Adds a chunk; returns true when the end mark (and its status line) has arrived. */
  push(chunk: Buffer, mark: Buffer): boolean {
    this.bytes = this.bytes.length === 0 ? chunk : Buffer.concat([this.bytes, chunk]);
    const at = this.bytes.indexOf(mark, Math.max(0, this.bytes.length - chunk.length - mark.length - 12));
    if (at < 0) return false;
    const end = this.bytes.indexOf(10, at + mark.length);
    if (end < 0) return false;
    this.status = Number(this.bytes.subarray(at + mark.length, end).toString());
    this.bytes = this.bytes.subarray(0, at);
    return true;
  }
}

export class ShellSession {
  private pending: Pending | undefined;
  private out = new StreamTail();
  private err = new StreamTail();
  private startup: Buffer = Buffer.alloc(0);
  private startupError = '';
  private readyWaiter: { resolve: (ready: true | ExecResult) => void } | undefined;
  /** The definitions the runner has evaluated: commands that use the same ones do not send them. */
  private defined: string | undefined;
  closed = false;

  private constructor(
    private readonly host: string,
    private readonly client: Client,
    private readonly channel: ClientChannel,
  ) {
    channel.on('data', (chunk: Buffer) => this.onStdout(chunk));
    channel.stderr.on('data', (chunk: Buffer) => this.onStderr(chunk));
    channel.on('close', (code?: number | null) => this.onClose(code));
    client.once('close', this.onClientClose);
  }

  /**
   * Starts the runner with `command` (SESSION_RUNNER, wrapped in sudo) on a new channel. Resolves
   * to the session, or to the result of a start that failed (sudo refused): that is what the
   * command itself would have got.
   */
  static open(host: string, client: Client, command: string, stdin: string | Buffer | undefined): Promise<ShellSession | ExecResult | { refused: Error }> {
    return new Promise((resolve) => {
      try {
        client.exec(command, (error, channel) => {
          if (error) return resolve({ refused: error });
          const session = new ShellSession(host, client, channel);
          session.readyWaiter = { resolve: (ready) => resolve(ready === true ? session : ready) };
          if (stdin !== undefined) channel.write(stdin);
        });
      } catch (error) {
        resolve({ refused: error as Error });
      }
    });
  }

  run(script: string, { stdin, timeoutMs, definitions }: Pick<ExecOptions, 'stdin' | 'timeoutMs' | 'definitions'>): Promise<ExecResult> {
    if (this.closed || this.pending || this.readyWaiter) return Promise.reject(new ConnectionLostError(this.host, `${this.host}: the shell session is not available`));
    const input = stdin === undefined ? Buffer.alloc(0) : Buffer.from(stdin);
    const nonce = randomBytes(12).toString('hex');
    return new Promise((resolve, reject) => {
      const pending: Pending = { mark: Buffer.from(`\n@corectl-end:${nonce} `), resolve, reject };
      if (timeoutMs) {
        pending.timer = setTimeout(() => {
          this.fail(new CommandTimeoutError(this.host, script, timeoutMs));
          this.close();
        }, timeoutMs);
      }
      this.pending = pending;
      this.out = new StreamTail();
      this.err = new StreamTail();
      const frames = [scriptFrame(nonce, 'run', script, input)];
      if (definitions !== undefined && definitions !== this.defined) {
        frames.unshift(scriptFrame('-', 'define', definitions));
        this.defined = definitions;
      }
      this.channel.write(Buffer.concat(frames));
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.client.removeListener('close', this.onClientClose);
    this.channel.close();
  }

  private onStdout(chunk: Buffer): void {
    if (this.readyWaiter) {
      this.startup = Buffer.concat([this.startup, chunk]);
      const newline = this.startup.indexOf(10);
      if (newline < 0) return;
      if (this.startup.subarray(0, newline).toString() !== '@corectl-session ready' || newline + 1 < this.startup.length) {
        this.close();
        return;
      }
      const waiter = this.readyWaiter;
      this.readyWaiter = undefined;
      waiter.resolve(true);
      return;
    }
    const pending = this.pending;
    if (pending && this.out.push(chunk, pending.mark)) this.finishIfDone(pending);
  }

  private onStderr(chunk: Buffer): void {
    const pending = this.pending;
    if (!pending) {
      this.startupError += chunk.toString();
      return;
    }
    if (this.err.push(chunk, pending.mark)) this.finishIfDone(pending);
  }

  private finishIfDone(pending: Pending): void {
    if (this.out.status === undefined || this.err.status === undefined) return;
    const { out, err } = this;
    this.settle(pending, () => pending.resolve({ exitCode: out.status!, signal: undefined, stdout: out.bytes.toString('utf8'), stderr: err.bytes.toString('utf8') }));
  }

  private settle(pending: Pending, action: () => void): void {
    clearTimeout(pending.timer);
    if (this.pending === pending) this.pending = undefined;
    action();
  }

  private fail(error: Error): void {
    const pending = this.pending;
    if (pending) this.settle(pending, () => pending.reject(error));
  }

  private onClose(code?: number | null): void {
    this.closed = true;
    this.client.removeListener('close', this.onClientClose);
    if (this.readyWaiter) {
      const waiter = this.readyWaiter;
      this.readyWaiter = undefined;
      waiter.resolve({ exitCode: code ?? null, signal: undefined, stdout: '', stderr: this.startupError });
    }
    this.fail(new ConnectionLostError(this.host, `${this.host}: connection lost while a command was running; it may or may not have completed`));
  }

  private readonly onClientClose = () => this.onClose(null);
}
