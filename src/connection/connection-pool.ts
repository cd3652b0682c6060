// One SshConnection per host for the whole run. Jump hosts are connections of the same pool, so
// a bastion serving fifty hosts is connected to once and carries fifty tunnels.
import type { ConnectionSettings, ConnectionTarget } from './connection-target.ts';
import type { ConnectionStats, HostConnection } from './host-connection.ts';
import { LocalConnection } from './local-connection.ts';
import { SshConnection } from './ssh-connection.ts';

export class ConnectionPool {
  private readonly connections = new Map<string, HostConnection>();

  constructor(readonly settings: ConnectionSettings) {}

  get(target: ConnectionTarget): HostConnection {
    const key = poolKey(target);
    let connection = this.connections.get(key);
    if (!connection) {
      connection = target.local ? new LocalConnection(target) : new SshConnection(target, this.settings, this.tunnelThrough(target.jump));
      this.connections.set(key, connection);
    }
    return connection;
  }

  private tunnelThrough(jump: ConnectionTarget | undefined) {
    if (!jump) return undefined;
    return (address: string, port: number) => {
      const hop = this.get(jump);
      if (!(hop instanceof SshConnection)) throw new Error(`${jump.name} is reached without SSH and cannot be a jump host`);
      return hop.forward(address, port);
    };
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
  if (target.local) return `local:${target.name}`;
  const via = target.jump ? ` via ${poolKey(target.jump)}` : '';
  return `${target.user}@${target.address}:${target.port}${via}`;
}
