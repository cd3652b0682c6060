// `corectl facts PATTERN`: gathers every matched host's facts (one probe, one round trip per
// host) and prints them as JSON, keyed by host.
import { visibleText } from '../report/visible-text.ts';
import { parseArgs } from 'node:util';
import PQueue from 'p-queue';
import type { ConnectionTarget } from '../connection/connection-target.ts';
import { ConnectionError } from '../connection/errors.ts';
import { targetFromInventory } from '../connection/target-from-inventory.ts';
import { gatherFacts } from '../facts/gather-facts.ts';
import { connectionOptionSpec, positiveInteger, prepareHosts } from './connection-options.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import { UsageError } from '../errors/usage-error.ts';

export async function factsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: connectionOptionSpec, allowPositionals: true });
  const pattern = positionals[0];
  if (!pattern) throw new UsageError('usage: corectl facts PATTERN [-i INVENTORY]');
  const { inventory, hosts, pool, sshConfig } = await prepareHosts(values, pattern, (m) => process.stderr.write(`warning: ${visibleText(m)}\n`));
  const queue = new PQueue({ concurrency: positiveInteger(values.forks, 'forks', 50) });
  const facts: Record<string, unknown> = {};
  let unreachable = false;
  try {
    await Promise.all(hosts.map((host) => queue.add(async () => {
      let target: ConnectionTarget | undefined;
      try {
        target = targetFromInventory(inventory, host, sshConfig);
        facts[host] = await gatherFacts(pool.get(target));
      } catch (error) {
        if (!(error instanceof ConnectionError)) throw error;
        unreachable = true;
        facts[host] = { unreachable: error.message };
      } finally {
        if (target) await pool.release(target); // --forks bounds open connections too
      }
    })));
  } finally {
    await pool.closeAll();
  }
  process.stdout.write(`${JSON.stringify(Object.fromEntries(hosts.map((h) => [h, facts[h]])), null, 2)}\n`);
  return unreachable ? ExitCode.unreachable : ExitCode.ok;
}
