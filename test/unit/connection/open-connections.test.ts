import { describe, expect, it } from 'vitest';
import { OpenConnections, type Releasable } from '../../../src/connection/open-connections.ts';

class FakeConnection implements Releasable {
  idle = true;
  /** Holds the run's lock on a host the run still has work for. */
  holdsHost = false;
  released = 0;
  get evictable(): boolean {
    return this.idle && !this.holdsHost;
  }
  constructor(readonly name: string) {}
  async release(): Promise<void> {
    this.released++;
  }
}

const connections = (...names: string[]) => names.map((name) => new FakeConnection(name));

describe('OpenConnections', () => {
  it('opens freely up to the bound, then disconnects the least recently used idle connection', async () => {
    const bound = new OpenConnections(2);
    const [a, b, c] = connections('a', 'b', 'c');
    await bound.admit(a!);
    await bound.admit(b!);
    expect(bound.count).toBe(2);
    bound.used(a!); // b is now the least recently used
    await bound.admit(c!);
    expect([a!.released, b!.released, c!.released]).toEqual([0, 1, 0]);
    expect(bound.count).toBe(2);
  });

  it('never disconnects a busy connection: over the bound rather than waiting', async () => {
    const bound = new OpenConnections(1);
    const [a, b] = connections('a', 'b');
    await bound.admit(a!);
    a!.idle = false;
    await bound.admit(b!);
    expect(a!.released).toBe(0);
    expect(bound.count).toBe(2);
    // The next one to open takes the room of the idle one, not the busy one.
    const [c] = connections('c');
    b!.idle = true;
    await bound.admit(c!);
    expect([a!.released, b!.released]).toEqual([0, 1]);
  });

  it("never disconnects one that holds the run's lock on a host with work left, even idle", async () => {
    const bound = new OpenConnections(1);
    const [a, b, c] = connections('a', 'b', 'c');
    await bound.admit(a!);
    a!.holdsHost = true;
    await bound.admit(b!);
    expect(a!.released).toBe(0);
    expect(bound.count).toBe(2);
    // b holds nothing: it makes room for c, a stays.
    await bound.admit(c!);
    expect([a!.released, b!.released]).toEqual([0, 1]);
  });

  it('connections opening at once never pick the same one to disconnect', async () => {
    const bound = new OpenConnections(2);
    const [a, b, c, d] = connections('a', 'b', 'c', 'd');
    await bound.admit(a!);
    await bound.admit(b!);
    await Promise.all([bound.admit(c!), bound.admit(d!)]);
    expect([a!.released, b!.released]).toEqual([1, 1]);
    expect(bound.count).toBe(2);
  });

  it('forgets a connection that closed or dropped, and used() does not bring it back', async () => {
    const bound = new OpenConnections(1);
    const [a, b] = connections('a', 'b');
    await bound.admit(a!);
    bound.gone(a!);
    bound.used(a!);
    await bound.admit(b!);
    expect(a!.released).toBe(0);
    expect(bound.count).toBe(1);
  });
});
