// Runs a playbook built in a test against an inventory whose hosts are the controller itself
// (ansible_connection=local): no test host is needed. Every event is collected; `onEvent` sees
// each as it comes (a reporter or recorder under test).
import { ConnectionPool } from '../src/connection/connection-pool.ts';
import { DEFAULT_CONNECTION_SETTINGS } from '../src/connection/connection-target.ts';
import { KnownHosts } from '../src/connection/known-hosts.ts';
import type { RunEvent } from '../src/executor/events.ts';
import type { RunOptions } from '../src/executor/run-options.ts';
import { runPlaybook } from '../src/executor/run-playbook.ts';
import { loadInventory } from '../src/inventory/load-inventory.ts';
import type { Playbook } from '../src/playbook/playbook-types.ts';

export async function runOnController(pb: Playbook, inventoryFile: string, options: Partial<RunOptions> = {}, onEvent: (event: RunEvent) => void = () => {}) {
  const pool = new ConnectionPool({ ...DEFAULT_CONNECTION_SETTINGS, knownHosts: await KnownHosts.load([]), warn: () => {} });
  const events: RunEvent[] = [];
  try {
    const summary = await runPlaybook({
      playbook: pb, name: 'test.ts', inventory: await loadInventory(inventoryFile), pool, sshConfig: [],
      emit: (event) => { events.push(event); onEvent(event); }, options: { check: false, diff: false, forks: 5, ...options },
    });
    const finished = events.filter((e): e is Extract<RunEvent, { kind: 'task-finished' }> => e.kind === 'task-finished');
    return { summary, events, finished, stats: pool.stats() };
  } finally {
    await pool.closeAll();
  }
}
