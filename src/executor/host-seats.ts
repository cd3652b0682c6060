// Hosts with work under way, at most --forks at once. A host takes a seat for a remote step and
// keeps it while its own steps follow one another; it gives it up when it has nothing to run
// (done, or waiting for other hosts). Seats go to the hosts reached earliest, so a started host
// finishes before new ones start: a thousand hosts cost the controller what `forks` hosts cost
// (connections, buffers), and each host is done as early as the queue allows.
import PQueue from 'p-queue';
import type { HostState } from './host-state.ts';

interface Seat {
  /** Steps of the host running or about to run. */
  users: number;
  granted: Promise<void>;
  leave?: () => void;
  leaving?: NodeJS.Immediate;
}

export class HostSeats {
  private readonly queue: PQueue;
  private readonly seats = new Map<HostState, Seat>();

  constructor(count: number) {
    this.queue = new PQueue({ concurrency: count });
  }

  /** Runs `work` with the host seated. */
  async with<T>(host: HostState, work: () => Promise<T>): Promise<T> {
    const seat = this.enter(host);
    try {
      await seat.granted;
      return await work();
    } finally {
      this.exit(host, seat);
    }
  }

  private enter(host: HostState): Seat {
    let seat = this.seats.get(host);
    if (!seat) {
      const fresh: Seat = { users: 0, granted: Promise.resolve() };
      fresh.granted = new Promise<void>((granted) => {
        void this.queue.add(() => new Promise<void>((leave) => {
          fresh.leave = leave;
          granted();
        }), { priority: host.priority });
      });
      seat = fresh;
      this.seats.set(host, seat);
    }
    seat.users++;
    if (seat.leaving) clearImmediate(seat.leaving);
    seat.leaving = undefined;
    return seat;
  }

  private exit(host: HostState, seat: Seat): void {
    if (--seat.users > 0) return;
    // The host's next step starts within the same turn of the event loop when it depends only on
    // this one (promise callbacks); giving the seat up at once would hand it to another host.
    seat.leaving = setImmediate(() => {
      if (seat.users > 0) return;
      this.seats.delete(host);
      seat.leave?.();
    });
  }
}
