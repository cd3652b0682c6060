// A TCP proxy between the controller and one test host that delays and stalls traffic: this
// machine's kernel has no netem, so link latency is made here. Every chunk waits `delayMs` in each
// direction; `stall(ms)` holds all traffic back for a while, as a congested or flapping link does.
// Order is kept: a chunk never leaves before the one ahead of it.
import { createServer, connect, type Server, type Socket } from 'node:net';

export class FaultProxy {
  delayMs = 0;
  private stalledUntil = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server, readonly port: number) {}

  static async start(target: { address: string; port: number }): Promise<FaultProxy> {
    let proxy: FaultProxy | undefined;
    const server = createServer((client) => proxy!.pipe(client, target));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new FaultProxy(server, (server.address() as { port: number }).port);
    return proxy;
  }

  /** Holds every byte in both directions for `ms` from now. */
  stall(ms: number): void {
    this.stalledUntil = Date.now() + ms;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private pipe(client: Socket, target: { address: string; port: number }): void {
    const upstream = connect(target.port, target.address);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.setNoDelay(true);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => {});
    }
    this.forward(client, upstream);
    this.forward(upstream, client);
  }

  private forward(from: Socket, to: Socket): void {
    let last = 0;
    from.on('data', (chunk: Buffer) => {
      const at = Math.max(Date.now() + this.delayMs, this.stalledUntil, last);
      last = at;
      setTimeout(() => to.write(chunk), at - Date.now());
    });
    from.on('close', () => setTimeout(() => to.destroy(), Math.max(0, last - Date.now())));
  }
}
