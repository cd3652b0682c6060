// The harness saves a cluster's state as hosts boot in parallel; the file must always parse.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { stateWriter } from '../../hosts/state-file.ts';

it('keeps the state file whole and the last state in it when saves overlap', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'corectl-state-'));
  try {
    const path = join(dir, 'state.json');
    const save = stateWriter(path);
    const state: { hosts: string[] } = { hosts: [] };
    // Growing and shrinking states, all saved at once, as 30 hosts booting would.
    const saves = Array.from({ length: 60 }, (_, i) => {
      state.hosts = Array.from({ length: (i * 7) % 31 }, (_, h) => `host-${h}-${'x'.repeat(100)}`);
      return save(state);
    });
    await Promise.all(saves);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(state);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
