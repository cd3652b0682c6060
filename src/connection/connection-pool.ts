// One SshConnection per host for the whole run. Jump hosts are connections of the same pool, so
// a bastion serving fifty hosts is connected to once and carries fifty tunnels.
import type { ConnectionSettings, ConnectionTarget } from './connection-target.ts';
import { SshConnection, type ConnectionStats } from './ssh-connection.ts';

export class ConnectionPool {
  private readonly connections = new Map<string, SshConnection>();

  constructor(readonly settings: ConnectionSettings) {}

  get(target: ConnectionTarget): SshConnection {
    const key = poolKey(target);
    let connection = this.connections.get(key);
    if (!connection) {
      const jump = target.jump;
      const tunnel = jump ? (address: string, port: number) => this.get(jump).forward(address, port) : undefined;
      connection = new SshConnection(target, this.settings, tunnel);
      this.connections.set(key, connection);
    }
    return connection;
  }

  /** Totals over every connection of the run, jump hosts included. */
  stats(): ConnectionStats {
    const total: ConnectionStats = { connects: 0, channels: 0, stdinBytes: 0 };
    for (const { stats } of this.connections.values()) {
      total.connects += stats.connects;
      total.channels += stats.channels;
      total.stdinBytes += stats.stdinBytes;
    }
    return total;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.connections.values()].map((connection) => connection.close()));
    this.connections.clear();
  }
}

function poolKey(target: ConnectionTarget): string {
  const via = target.jump ? ` via ${poolKey(target.jump)}` : '';
  return `${target.user}@${target.address}:${target.port}${via}`;
}
