// The run's bound on open SSH connections (`--forks`): a connection about to open first
// disconnects the least recently used idle one. A thousand hosts then cost the controller and
// the network what `forks` hosts cost, whatever order the run reaches them in.

/** A connection the bound can see into and disconnect (it connects again when next used). */
export interface Releasable {
  /** Nothing runs on it and nothing tunnels through it. */
  readonly idle: boolean;
  /** The bound may disconnect it now (idle, and nothing else keeps it open). */
  readonly evictable: boolean;
  release(): Promise<void>;
}

export class OpenConnections {
  /** Open connections, least recently used first (a Set keeps insertion order). */
  private readonly open = new Set<Releasable>();

  constructor(private max = Number.POSITIVE_INFINITY) {}

  limit(max: number): void {
    this.max = max;
  }

  get count(): number {
    return this.open.size;
  }

  /** Called as a connection starts to open: makes room for it. */
  async admit(connection: Releasable): Promise<void> {
    this.open.delete(connection);
    this.open.add(connection);
    const evicted: Releasable[] = [];
    // Chosen and removed synchronously, so connections opening at once never pick the same one.
    for (const candidate of this.open) {
      if (this.open.size - evicted.length <= this.max) break;
      if (candidate !== connection && candidate.evictable) evicted.push(candidate);
    }
    // When every open connection is busy (more commands at once than forks: handlers' notes,
    // a reboot's wait), going over the bound beats waiting for one that may never come free.
    for (const candidate of evicted) this.open.delete(candidate);
    await Promise.all(evicted.map((candidate) => candidate.release()));
  }

  /** Called on every command: the most recently used are disconnected last. */
  used(connection: Releasable): void {
    if (this.open.delete(connection)) this.open.add(connection);
  }

  /** Called when a connection closes or drops. */
  gone(connection: Releasable): void {
    this.open.delete(connection);
  }
}
