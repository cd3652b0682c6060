// A cluster's state.json is saved as each host boots, and hosts boot in parallel: concurrent
// writeFile calls to one path interleave (a shorter write lands over a longer one and leaves its
// tail), which once left a file `stop` could not parse. Saves are queued, and each one is written
// to a temp file and renamed over the old, so the file is always one whole state.
import { rename, writeFile } from 'node:fs/promises';

export function stateWriter(path: string): (value: unknown) => Promise<void> {
  let queue: Promise<void> = Promise.resolve();
  return (value) => {
    const text = JSON.stringify(value);
    const write = queue.then(async () => {
      await writeFile(`${path}.tmp`, text);
      await rename(`${path}.tmp`, path);
    });
    queue = write.catch(() => {});
    return write;
  };
}
