// A privileged shell kept open on one channel that runs commands one after another. Opening an
// exec channel and going through sudo costs the host a new sshd session process, PAM and sudo's
// logging: about 10-15 ms of its CPU per command, most of what a task costs a busy host. Through a
// session a command costs one round trip and a few small processes, and still runs in its own
// `sh`: its own stdin, stdout, stderr, exit status and traps, exactly as on an exec channel.
import type { Client, ClientChannel } from 'ssh2';
import { CommandTimeoutError, ConnectionLostError } from './errors.ts';
import type { ExecResult } from './connection-target.ts';

// Frames are length-prefixed, so nothing a command prints can be taken for one. The working
// files live in a private directory on tmpfs (/run) when it can: a command's stdin may be a
// secret and never touches a disk. GNU head -c reads exactly the bytes it is asked for. The
// command reads its stdin from a pipe, as on an exec channel (podman, for one, insists on a pipe).
export const SESSION_RUNNER = `d=$(mktemp -d "\${XDG_RUNTIME_DIR:-/run}/corectl.XXXXXX" 2>/dev/null || mktemp -d) || exit 1
trap 'rm -rf -- "$d"' EXIT
trap 'exit 129' HUP INT TERM PIPE
printf '@corectl-session ready\\n'
while IFS=' ' read -r n slen ilen; do
  head -c "$slen" > "$d/s" && head -c "$ilen" > "$d/i" || exit 1
  cat -- "$d/i" | sh "$d/s" > "$d/o" 2> "$d/e"
  rc=$?
  : > "$d/i"
  printf '@corectl-session %s %s %s %s\\n' "$n" "$rc" "$(wc -c < "$d/o")" "$(wc -c < "$d/e")"
  cat -- "$d/o" "$d/e"
done
`;

const HEADER = /^@corectl-session (\d+) (\d+) (\d+) (\d+)\n/;

interface Pending {
  id: number;
  resolve: (result: ExecResult) => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
  command: string;
}

export class ShellSession {
  private buffer: Buffer = Buffer.alloc(0);
  private pending: Pending | undefined;
  private nextId = 1;
  private startupError = '';
  private readyWaiter: { resolve: (ready: true | ExecResult) => void } | undefined;
  closed = false;

  private constructor(
    private readonly host: string,
    private readonly client: Client,
    private readonly channel: ClientChannel,
  ) {
    channel.on('data', (chunk: Buffer) => this.onData(chunk));
    channel.stderr.on('data', (chunk: Buffer) => {
      this.startupError += chunk.toString();
    });
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
          if (stdin !== undefined) channel.write(stdin);
          session.readyWaiter = { resolve: (ready) => resolve(ready === true ? session : ready) };
        });
      } catch (error) {
        resolve({ refused: error as Error });
      }
    });
  }

  run(script: string, stdin: string | Buffer | undefined, timeoutMs: number | undefined): Promise<ExecResult> {
    if (this.closed || this.pending) return Promise.reject(new ConnectionLostError(this.host, `${this.host}: the shell session is not available`));
    const scriptBytes = Buffer.from(script);
    const input = stdin === undefined ? Buffer.alloc(0) : Buffer.from(stdin);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const pending: Pending = { id, resolve, reject, command: script };
      if (timeoutMs) {
        pending.timer = setTimeout(() => {
          this.fail(new CommandTimeoutError(this.host, script, timeoutMs));
          this.close();
        }, timeoutMs);
      }
      this.pending = pending;
      this.channel.write(Buffer.concat([Buffer.from(`${id} ${scriptBytes.length} ${input.length}\n`), scriptBytes, input]));
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.client.removeListener('close', this.onClientClose);
    this.channel.close();
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    if (this.readyWaiter) {
      const newline = this.buffer.indexOf(10);
      if (newline < 0) return;
      const line = this.buffer.subarray(0, newline).toString();
      this.buffer = this.buffer.subarray(newline + 1);
      if (line !== '@corectl-session ready') {
        this.close();
        return;
      }
      const waiter = this.readyWaiter;
      this.readyWaiter = undefined;
      waiter.resolve(true);
    }
    this.parseResult();
  }

  private parseResult(): void {
    const pending = this.pending;
    if (!pending) return;
    const newline = this.buffer.indexOf(10);
    if (newline < 0) return;
    const header = HEADER.exec(this.buffer.subarray(0, newline + 1).toString());
    if (!header || Number(header[1]) !== pending.id) {
      this.fail(new ConnectionLostError(this.host, `${this.host}: the shell session sent something unexpected; the command may or may not have completed`));
      this.close();
      return;
    }
    const outLength = Number(header[3]);
    const errLength = Number(header[4]);
    if (this.buffer.length < newline + 1 + outLength + errLength) return;
    const body = this.buffer.subarray(newline + 1);
    this.buffer = Buffer.from(body.subarray(outLength + errLength));
    this.settle(pending, () =>
      pending.resolve({
        exitCode: Number(header[2]),
        signal: undefined,
        stdout: body.subarray(0, outLength).toString('utf8'),
        stderr: body.subarray(outLength, outLength + errLength).toString('utf8'),
      }),
    );
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
