// `--shard I/N`: the I-th of N slices of the selected hosts, for spreading one run over several
// machines or pods. A host's slice follows from its name alone (a hash), so it stays in the same
// slice from run to run whatever hosts are added or removed around it.
import { createHash } from 'node:crypto';
import { UsageError } from '../errors/usage-error.ts';

export interface Shard {
  /** 0 to count - 1, as a Kubernetes Indexed Job's JOB_COMPLETION_INDEX counts. */
  index: number;
  count: number;
}

export function parseShard(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index >= count) {
    throw new UsageError(`--shard takes I/N with 0 <= I < N (the I-th of N slices, counted from 0), got "${value}"`);
  }
  return { index, count };
}

export function inShard(host: string, shard: Shard): boolean {
  return createHash('sha256').update(host).digest().readUInt32BE(0) % shard.count === shard.index;
}
