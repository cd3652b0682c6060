// untilConnected: only "no answer" is waited out, until the time is up; a refused host key and
// anything else fail at once.
import { describe, expect, it } from 'vitest';
import { ConnectWaitTimeoutError, untilConnected } from '../../../src/executor/connect-wait.ts';
import { HostKeyError, HostUnreachableError } from '../../../src/connection/errors.ts';

const quick = { delay: 0, interval: 0.01, timeout: 5 };

describe('untilConnected', () => {
  it('tries again while the host does not answer, then returns what the step gave', async () => {
    let tries = 0;
    const result = await untilConnected(async () => {
      tries++;
      if (tries < 3) throw new HostUnreachableError('node1', `node1: connection refused (try ${tries})`);
      return 'ran';
    }, quick);
    expect({ result, tries }).toEqual({ result: 'ran', tries: 3 });
  });

  it('gives up when the time is up, with the last connection error', async () => {
    const wait = untilConnected(async () => { throw new HostUnreachableError('node1', 'node1: connection refused'); }, { delay: 0, interval: 0.02, timeout: 0.1 });
    await expect(wait).rejects.toThrow(ConnectWaitTimeoutError);
    await expect(wait).rejects.toThrow(/^timed out waiting for the connection after \d+ s: node1: connection refused$/);
  });

  it('a refused host key, or any other error, fails at once', async () => {
    let tries = 0;
    await expect(untilConnected(async () => { tries++; throw new HostKeyError('node1', 'node1: host key mismatch'); }, quick)).rejects.toThrow(HostKeyError);
    await expect(untilConnected(async () => { tries++; throw new Error('a bug'); }, quick)).rejects.toThrow('a bug');
    expect(tries).toBe(2);
  });

  it('stops waiting when the run is asked to stop', async () => {
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 50);
    const started = Date.now();
    await expect(untilConnected(async () => { throw new HostUnreachableError('node1', 'node1: no route'); }, { delay: 0, interval: 30, timeout: 600 }, stop.signal)).rejects.toThrow(/^the run was interrupted while waiting for the connection \(\d+ s\): node1: no route$/);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
