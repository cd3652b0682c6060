// One SshConnection per host for the whole run, open while the host has work and at most
// `limitOpen` of them at once. Jump hosts are connections of the same pool, so a bastion serving
// fifty hosts is connected to once and carries fifty tunnels.
import type { ConnectionSettings, ConnectionTarget } from './connection-target.ts';
import type { ConnectionStats, HostConnection } from './host-connection.ts';
import { LocalConnection } from './local-connection.ts';
import { OpenConnections } from './open-connections.ts';
import { SshConnection } from './ssh-connection.ts';

export class ConnectionPool {
  private readonly connections = new Map<string, HostConnection>();
  private readonly open = new OpenConnections();
  /** Hosts asked for by name (not only as a hop), and those of them with no more work. */
  private readonly hosts = new Set<string>();
  private readonly finished = new Set<string>();

  constructor(readonly settings: ConnectionSettings) {}

  /** At most this many SSH connections open at once (idle ones are disconnected to make room). */
  limitOpen(max: number): void {
    this.open.limit(max);
  }

  get(target: ConnectionTarget): HostConnection {
    this.hosts.add(poolKey(target));
    return this.connectionFor(target);
  }

  private connectionFor(target: ConnectionTarget): HostConnection {
    const key = poolKey(target);
    let connection = this.connections.get(key);
    if (!connection) {
      connection = target.local ? new LocalConnection(target) : new SshConnection(target, this.settings, this.tunnelThrough(target.jump), this.open, () => this.hosts.has(key), () => !this.finished.has(key));
      this.connections.set(key, connection);
    }
    return connection;
  }

  private tunnelThrough(jump: ConnectionTarget | undefined) {
    if (!jump) return undefined;
    return (address: string, port: number) => {
      const hop = this.connectionFor(jump);
      if (!(hop instanceof SshConnection)) throw new Error(`${jump.name} is reached without SSH and cannot be a jump host`);
      return hop.forward(address, port);
    };
  }

  /**
   * The host has no more work in this run: its connection is disconnected now, and so are the jump
   * hosts it went through once nothing else tunnels through them and they have no work of their own.
   */
  async release(target: ConnectionTarget): Promise<void> {
    this.finished.add(poolKey(target));
    for (let hop: ConnectionTarget | undefined = target; hop; hop = hop.jump) {
      const key = poolKey(hop);
      const connection = this.connections.get(key);
      const stillNeeded = hop !== target && this.hosts.has(key) && !this.finished.has(key);
      if (!(connection instanceof SshConnection) || stillNeeded) return;
      await connection.release();
    }
  }

  /** Totals over every connection of the run, jump hosts included. */
  stats(): ConnectionStats {
    const total: ConnectionStats = { connects: 0, channels: 0, stdinBytes: 0, commands: 0 };
    for (const { stats } of this.connections.values()) {
      total.connects += stats.connects;
      total.channels += stats.channels;
      total.stdinBytes += stats.stdinBytes;
      total.commands += stats.commands;
    }
    return total;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.connections.values()].map((connection) => connection.close()));
    this.connections.clear();
  }
}

function poolKey(target: ConnectionTarget): string {
  if (target.local) return `local:${target.name}`;
  const via = target.jump ? ` via ${poolKey(target.jump)}` : '';
  return `${target.user}@${target.address}:${target.port}${via}`;
}
