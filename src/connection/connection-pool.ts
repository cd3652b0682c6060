// One SshConnection per host for the whole run. Jump hosts are connections of the same pool, so
// a bastion serving fifty hosts is connected to once and carries fifty tunnels.
import type { ConnectionSettings, ConnectionTarget } from './connection-target.ts';
import { SshConnection } from './ssh-connection.ts';

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
  stats(): { connects: number; channels: number } {
    let connects = 0;
    let channels = 0;
    for (const connection of this.connections.values()) {
      connects += connection.stats.connects;
      channels += connection.stats.channels;
    }
    return { connects, channels };
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
