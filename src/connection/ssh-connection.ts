// One SSH connection to one host, kept while the host has work: privileged commands in a few
// long-lived shell sessions on it, others on exec channels, all bounded by the server's session
// limit, with transparent reconnection when it drops (a reboot).
import { createHash } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import PQueue from 'p-queue';
import ssh2, { type Client, type ClientChannel } from 'ssh2';
import { needsSudo, withBecome } from './become.ts';
import type { ConnectionSettings, ConnectionTarget, ExecOptions, ExecResult } from './connection-target.ts';
import { authMethods } from './credentials.ts';
import {
  CommandTimeoutError,
  ConnectionLostError,
  CredentialError,
  HostKeyError,
  HostUnreachableError,
} from './errors.ts';
import { checkHostKey, hostKeyAlgorithms, hostKeyPolicy } from './host-key-check.ts';
import { classicalKexWarning, keyExchanges } from './post-quantum.ts';
import { takeRunLock } from './run-lock.ts';
import { knownHostsName } from './known-hosts.ts';
import type { OpenConnections, Releasable } from './open-connections.ts';
import { scriptWithDefinitions } from './script-on-stdin.ts';
import type { ConnectionStats, HostConnection } from './host-connection.ts';
import { SESSION_RUNNER, ShellSession } from './shell-session.ts';

/** Idle shell sessions kept per user: enough for a host's usual concurrency, few enough to leave
 * sshd's MaxSessions (10) room for plain channels. */
const MAX_IDLE_SESSIONS = 3;

/** Opens a TCP stream to address:port through a previous hop. */
export type Tunnel = (address: string, port: number) => Promise<Duplex>;

export type { ConnectionStats } from './host-connection.ts';

export class SshConnection implements HostConnection, Releasable {
  readonly stats: ConnectionStats = { connects: 0, channels: 0, stdinBytes: 0, commands: 0 };
  private client: Client | undefined;
  private connecting: Promise<Client> | undefined;
  /** The last connection went away without our asking (a reboot): getting it back is retried. */
  private dropped = false;
  /** The open connection holds the run's lock on the host (run-lock.ts). */
  private holdsRunLock = false;
  private closed = false;
  /** Connections to further hops open through this one. */
  private tunnels = 0;
  private readonly channelQueue: PQueue;
  private readonly idleSessions = new Map<string, ShellSession[]>();

  constructor(
    readonly target: ConnectionTarget,
    private readonly settings: ConnectionSettings,
    private readonly tunnel?: Tunnel,
    private readonly bound?: OpenConnections,
    /** The run works on this host (it is not only passed through to others): it takes the run's lock. */
    private readonly worksOnHost: () => boolean = () => !target.role,
    /** The run still has work for this host: the connection holding its lock is kept open for it. */
    private readonly workLeft: () => boolean = () => true,
  ) {
    this.channelQueue = new PQueue({ concurrency: settings.maxChannels });
  }

  /** Connects now (exec connects lazily too); throws HostUnreachableError or HostKeyError. */
  async connect(): Promise<void> {
    await this.ready();
  }

  /**
   * Runs one command; output is collected and optionally streamed. A privileged command whose
   * output is not streamed runs in a shell session (see shell-session.ts), any other on its own
   * exec channel.
   */
  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    // Used at the start and the end: a host between two steps is the last to be disconnected.
    this.bound?.used(this);
    this.stats.commands++;
    return this.run(command, options).finally(() => this.bound?.used(this));
  }

  private run(command: string, options: ExecOptions): Promise<ExecResult> {
    const { stdin } = options;
    if (stdin !== undefined) this.stats.stdinBytes += typeof stdin === 'string' ? Buffer.byteLength(stdin) : stdin.length;
    if (this.settings.shellSessions !== false && needsSudo(this.target.user, options) && !options.onStdout && !options.onStderr) {
      return this.channelQueue.add(() => this.runInSession(command, options));
    }
    const prepared = withBecome(...scriptWithDefinitions(command, this.target.user, options));
    return this.channelQueue.add(() => this.runOnChannel(prepared.command, prepared.stdin, options));
  }

  /** A TCP stream from this host to another address, for the next hop of a jump chain. */
  async forward(address: string, port: number): Promise<Duplex> {
    const client = await this.ready();
    return new Promise((resolve, reject) => {
      client.forwardOut('127.0.0.1', 0, address, port, (error, stream) => {
        if (error) {
          reject(new HostUnreachableError(this.target.name, `${this.target.name}: cannot open a tunnel to ${address}:${port}: ${error.message}`, { cause: error }));
          return;
        }
        this.tunnels++;
        stream.once('close', () => this.tunnels--);
        resolve(stream);
      });
    });
  }

  /** close() was called: nothing more runs on this connection. */
  get isClosed(): boolean {
    return this.closed;
  }

  get idle(): boolean {
    return !this.connecting && this.channelQueue.size === 0 && this.channelQueue.pending === 0 && this.tunnels === 0;
  }

  /**
   * The --forks bound may disconnect it: idle, and not holding the run's lock on a host the run
   * still has work for (the lock goes with the connection, and another run could take the host
   * between two of this run's plays).
   */
  get evictable(): boolean {
    return this.idle && !(this.holdsRunLock && this.workLeft());
  }

  /** Disconnects now (when idle); the next command connects again. */
  async release(): Promise<void> {
    if (!this.idle) return;
    await this.disconnect();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.channelQueue.clear();
    await this.disconnect();
  }

  private async disconnect(): Promise<void> {
    this.bound?.gone(this);
    this.closeIdleSessions();
    this.holdsRunLock = false;
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    await new Promise<void>((resolve) => {
      client.once('close', () => resolve());
      client.end();
      setTimeout(() => {
        client.destroy();
        resolve();
      }, 1000).unref();
    });
  }

  private ready(): Promise<Client> {
    if (this.closed) return Promise.reject(new ConnectionLostError(this.target.name, `${this.target.name}: connection already closed`));
    if (this.client) return Promise.resolve(this.client);
    if (this.connecting) return this.connecting;
    // Room is made among the run's open connections first (--forks bounds them).
    const connecting = (this.bound?.admit(this) ?? Promise.resolve()).then(() => this.open());
    this.connecting = connecting;
    return connecting;
  }

  private open(): Promise<Client> {
    return (this.dropped ? this.reconnect() : this.openClient()).finally(() => {
      this.connecting = undefined;
    });
  }

  /** After a drop, keep trying until reconnectTimeoutMs: a rebooting host comes back in seconds. */
  private async reconnect(): Promise<Client> {
    const deadline = Date.now() + this.settings.reconnectTimeoutMs;
    for (let delay = 250; ; delay = Math.min(delay * 2, 2000)) {
      try {
        return await this.openClient();
      } catch (error) {
        const permanent = error instanceof HostKeyError || error instanceof CredentialError;
        if (permanent || this.closed || Date.now() + delay > deadline) throw error;
        await sleep(delay);
      }
    }
  }

  private async openClient(): Promise<Client> {
    const { target, settings } = this;
    const who = `${target.user}@${target.address}:${target.port}${target.role ? `, ${target.role}` : ''}`;
    const authHandler = await authMethods(target.user, target.identityFiles, target.identityOrigin, who);
    const sock = this.tunnel
      ? await this.tunnel(target.address, target.port).catch((error: unknown) => {
        // The jump host's own message names the jump; which host it was for is said here.
        throw error instanceof CredentialError ? new CredentialError(`${target.name}: ${error.message}`, { cause: error }) : error;
      })
      : undefined;
    const knownName = knownHostsName(target.address, target.port);
    const hostKeys = await hostKeyPolicy(target, settings);
    const client = new ssh2.Client();
    const kex = settings.offerKex ?? keyExchanges(settings.requirePostQuantum);
    client.once('handshake', (negotiated: { kex: string }) => {
      settings.info?.(`${target.name}: key exchange ${negotiated.kex}`);
      const warning = classicalKexWarning(settings, target.name, negotiated.kex);
      if (warning) settings.warn(warning);
    });
    // Every running command listens for the connection closing; they are bounded by the channel
    // queue and removed when the command ends, so the default limit of 10 would only warn wrongly.
    client.setMaxListeners(0);
    let hostKeyFailure: HostKeyError | undefined;
    await new Promise<void>((resolve, reject) => {
      const fail = (error?: Error) => {
        client.removeAllListeners('ready');
        const where = `${target.user}@${target.address}:${target.port}`;
        reject(hostKeyFailure ?? new HostUnreachableError(target.name, `${target.name} (${where}): ${handshakeFailure(error, settings.requirePostQuantum)}`, { cause: error }));
      };
      client.once('ready', () => {
        client.removeAllListeners('close');
        resolve();
      });
      // `on`, not `once`: a reset before the handshake is reported twice (the socket's error, then
      // ssh2's "lost before handshake"), and an error with no listener would crash the run.
      client.on('error', fail);
      client.once('close', () => fail());
      client.connect({
        host: target.address,
        port: target.port,
        username: target.user,
        sock,
        authHandler,
        readyTimeout: settings.connectTimeoutMs,
        keepaliveInterval: settings.keepaliveIntervalMs,
        keepaliveCountMax: 3,
        // ssh2's types list the exchanges it ships; the patched one is a name they do not know.
        algorithms: { serverHostKey: hostKeyAlgorithms(hostKeys.knownHosts.keyTypesFor(knownName)), ...(kex && { kex: kex as unknown as ssh2.KexAlgorithm[] }) },
        hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
          checkHostKey(target.name, knownName, key, hostKeys).then(
            () => verify(true),
            (error: HostKeyError) => {
              hostKeyFailure = error;
              verify(false);
            },
          );
        },
      });
      // Every task is a small request and a small answer: with Nagle's algorithm on, each one
      // waits out the server's delayed ACK (about 40 ms a round trip instead of a few).
      client.setNoDelay(true);
    });
    client.removeAllListeners('error');
    // After the handshake a drop shows up as 'close' (preceded by 'error' on a reset link).
    client.on('error', () => {});
    client.once('close', () => {
      if (this.client !== client) return; // released or closed by us
      this.client = undefined;
      this.dropped = true;
      this.holdsRunLock = false; // the host's lock went with the connection: taken again on reconnecting
      this.bound?.gone(this);
      this.closeIdleSessions();
    });
    // A tunnel through a jump host is a channel of the jump host's connection: when the far host
    // goes away (a reboot) the channel ends but is never closed from our side, so ssh2 would call
    // the connection ended, refuse every command with "Not connected", and never say 'close'.
    // Closing the tunnel turns that into the ordinary drop that reconnection handles.
    client.once('end', () => sock?.destroy());
    this.stats.connects++;
    // The run's lock on the host (not on a host only passed through to others), on a channel of its
    // own: one channel fewer for commands, so that together they stay within sshd's MaxSessions.
    if (settings.runLock && this.worksOnHost()) {
      try {
        this.holdsRunLock = await takeRunLock(client, target.name, target.user, settings.runLock);
      } catch (error) {
        client.end();
        throw error;
      }
      if (this.holdsRunLock) this.channelQueue.concurrency = Math.max(1, settings.maxChannels - 1);
    }
    this.dropped = false;
    this.client = client;
    return client;
  }

  /** Runs a command in an idle session for its user, opening one when none is idle. */
  private async runInSession(command: string, options: ExecOptions): Promise<ExecResult> {
    // A session serves only commands that would have been let in the same way: same user, same
    // sudo password (a wrong one must still fail).
    const key = `${options.becomeUser ?? 'root'}\0${options.becomePassword === undefined ? '' : createHash('sha256').update(options.becomePassword).digest('hex')}`;
    let session = this.idleSessions.get(key)?.pop();
    if (!session || session.closed) {
      const client = await this.ready();
      const runner = withBecome(SESSION_RUNNER, this.target.user, { ...options, stdin: undefined });
      const opened = await ShellSession.open(this.target.name, client, runner.command, runner.stdin);
      if ('refused' in opened) {
        // No channel to spare for a session right now: this command takes the ordinary way.
        this.closeIdleSessions();
        const prepared = withBecome(...scriptWithDefinitions(command, this.target.user, options));
        return this.runOnChannel(prepared.command, prepared.stdin, options);
      }
      this.stats.channels++;
      if (!(opened instanceof ShellSession)) return opened; // sudo refused: the command's own result
      session = opened;
    }
    const result = await session.run(command, options);
    // Keep a few sessions for the next commands; the channels are the server's to ration.
    const idle = this.idleSessions.get(key) ?? [];
    if (!session.closed && !this.closed && idle.length < MAX_IDLE_SESSIONS) {
      idle.push(session);
      this.idleSessions.set(key, idle);
    } else session.close();
    return result;
  }

  private closeIdleSessions(): void {
    for (const sessions of this.idleSessions.values()) sessions.splice(0).forEach((session) => session.close());
  }

  private async runOnChannel(command: string, stdin: string | Buffer | undefined, options: ExecOptions): Promise<ExecResult> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.ready();
      const outcome = await execOnClient(this.target.name, client, command, stdin, options, () => this.stats.channels++);
      if (!('refused' in outcome)) return outcome;
      // Refused while the connection is up: the server's MaxSessions is lower than ours.
      // Give the running channels time to finish and run this one on fewer channels at once.
      if (this.client === client && attempt < 50) {
        this.closeIdleSessions();
        this.channelQueue.concurrency = Math.max(1, this.channelQueue.pending - 1);
        await sleep(20 * attempt);
        continue;
      }
      if (this.client !== client && attempt < 3) continue; // dropped before the command started
      throw new ConnectionLostError(this.target.name, `${this.target.name}: cannot open a channel: ${outcome.refused.message}`, { cause: outcome.refused });
    }
  }
}

/**
 * Opens an exec channel and collects its result. Listeners are attached inside ssh2's callback:
 * ssh2 handles a whole TCP chunk synchronously, so a fast command's output, exit status and
 * close can all arrive before an awaiting caller would get to attach them.
 */
function execOnClient(
  host: string,
  client: Client,
  command: string,
  stdin: string | Buffer | undefined,
  options: ExecOptions,
  onOpen: () => void,
): Promise<ExecResult | { refused: Error }> {
  return new Promise((resolve, reject) => {
    try {
      client.exec(command, (error, channel) => {
        if (error) return resolve({ refused: error });
        onOpen();
        collectOutput(host, client, channel, command, stdin, options).then(resolve, reject);
      });
    } catch (error) {
      resolve({ refused: error as Error });
    }
  });
}

function collectOutput(
  host: string,
  client: Client,
  channel: ClientChannel,
  command: string,
  stdin: string | Buffer | undefined,
  options: ExecOptions,
): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const out = new StringDecoder('utf8');
    const err = new StringDecoder('utf8');
    let stdout = '';
    let stderr = '';
    let exitCode: number | null = null;
    let signal: string | undefined;
    let exited = false;
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.removeListener('close', onConnectionClose);
      action();
    };
    const timer = options.timeoutMs
      ? setTimeout(() => {
          settle(() => reject(new CommandTimeoutError(host, command, options.timeoutMs!)));
          channel.signal('KILL');
          channel.close();
        }, options.timeoutMs)
      : undefined;
    const onConnectionClose = () =>
      settle(() => reject(new ConnectionLostError(host, `${host}: connection lost while a command was running; it may or may not have completed`)));
    client.once('close', onConnectionClose);

    channel.on('data', (chunk: Buffer) => {
      const text = out.write(chunk);
      stdout += text;
      if (text) options.onStdout?.(text);
    });
    channel.stderr.on('data', (chunk: Buffer) => {
      const text = err.write(chunk);
      stderr += text;
      if (text) options.onStderr?.(text);
    });
    channel.on('exit', (code: number | null, signalName?: string) => {
      exited = true;
      exitCode = code;
      signal = signalName ?? undefined;
    });
    channel.on('close', (code?: number | null, signalName?: string) => {
      stdout += out.end();
      stderr += err.end();
      // ssh2 repeats the exit status as arguments of 'close'.
      if (!exited && code !== undefined) {
        exited = true;
        exitCode = code;
        signal = signalName ?? undefined;
      }
      if (!exited) return onConnectionClose();
      settle(() => resolve({ exitCode, signal, stdout, stderr }));
    });
    channel.end(stdin);
  });
}

/** sshd dropping a connection before the handshake is the usual sign of its own throttling. */
function handshakeFailure(error: Error | undefined, requirePostQuantum?: boolean): string {
  if (requirePostQuantum && error && /no matching key exchange/i.test(error.message)) {
    return `it offers no post-quantum key exchange (mlkem768x25519-sha256, OpenSSH 9.9 or later), and --require-post-quantum refuses classical ones`;
  }
  if (error && !/lost before handshake/i.test(error.message)) return error.message;
  return 'sshd closed the connection before the SSH handshake; it may be refusing this address for a while (OpenSSH PerSourcePenalties after failed logins, or MaxStartups)';
}
