import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { HostConnection } from '../../../src/connection/host-connection.ts';
import { HostSeats } from '../../../src/executor/host-seats.ts';
import { HostState } from '../../../src/executor/host-state.ts';

function hosts(count: number): HostState[] {
  return Array.from({ length: count }, (_, index) => {
    const host = new HostState(`h${index}`, {} as HostConnection, {}, false, {});
    host.priority = -index;
    return host;
  });
}

describe('HostSeats', () => {
  it('a host keeps its seat through steps that follow one another: started hosts finish before others start', async () => {
    const seats = new HostSeats(2);
    const log: string[] = [];
    let seated = 0;
    let most = 0;
    const step = (host: HostState, index: number) => seats.with(host, async () => {
      seated++;
      most = Math.max(most, seated);
      log.push(`${host.name}.${index}`);
      await sleep(5);
      seated--;
    });
    // Each host's steps are chained on promises, as run-play chains them.
    await Promise.all(hosts(4).map(async (host) => {
      for (const index of [1, 2, 3]) await step(host, index);
    }));
    const firstOf = (name: string) => log.findIndex((entry) => entry.startsWith(`${name}.`));
    const lastOf = (name: string) => log.findLastIndex((entry) => entry.startsWith(`${name}.`));
    expect(most).toBeLessThanOrEqual(2);
    expect(firstOf('h2')).toBeGreaterThan(Math.min(lastOf('h0'), lastOf('h1')));
    expect(firstOf('h3')).toBeGreaterThan(Math.min(lastOf('h0'), lastOf('h1')));
    expect(log).toHaveLength(12);
  });

  it('a host that waits for something else gives its seat to the next host', async () => {
    const seats = new HostSeats(1);
    const [first, second] = hosts(2);
    let release!: () => void;
    const elsewhere = new Promise<void>((resolve) => (release = resolve));
    const order: string[] = [];
    const firstHost = (async () => {
      await seats.with(first!, async () => order.push('h0 step 1'));
      await elsewhere; // an `after` on another host, a controller step
      await seats.with(first!, async () => order.push('h0 step 2'));
    })();
    const secondHost = seats.with(second!, async () => {
      order.push('h1 step 1');
      release();
    });
    await Promise.all([firstHost, secondHost]);
    expect(order).toEqual(['h0 step 1', 'h1 step 1', 'h0 step 2']);
  });

  it('hosts reached earlier take free seats first, whatever order they asked in', async () => {
    const seats = new HostSeats(1);
    const [h0, h1, h2] = hosts(3);
    const order: string[] = [];
    let release!: () => void;
    const busy = seats.with(h0!, () => new Promise<void>((resolve) => (release = resolve)));
    const later = seats.with(h2!, async () => order.push('h2'));
    const earlier = seats.with(h1!, async () => order.push('h1'));
    await sleep(1); // h0 is seated and working
    release();
    await Promise.all([busy, later, earlier]);
    expect(order).toEqual(['h1', 'h2']);
  });
});
