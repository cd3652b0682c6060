// What the engine needs of a connection to a host, whether it is SSH or the controller itself
// (`ansible_connection=local`).
import type { ConnectionTarget, ExecOptions, ExecResult } from './connection-target.ts';

export interface ConnectionStats {
  /** SSH handshakes completed, reconnects included. */
  connects: number;
  /** Exec channels opened (local processes started). */
  channels: number;
  /** Bytes of input sent to commands (file contents, archives), scripts aside. */
  stdinBytes: number;
  /** Commands run: round trips to the host (a task's step is one, a lazy stdin's second send another). */
  commands: number;
}

export interface HostConnection {
  readonly target: ConnectionTarget;
  readonly stats: ConnectionStats;
  /** Connects now (exec connects lazily too). */
  connect(): Promise<void>;
  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
  /** close() was called: nothing more runs on this connection. */
  readonly isClosed: boolean;
  close(): Promise<void>;
}
