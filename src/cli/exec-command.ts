// `corectl exec PATTERN -- COMMAND`: runs one shell command on every matched host in parallel,
// prints each host's output as it arrives (prefixed with the host), then a summary per host.
import { countOf } from '../report/count-words.ts';
import { parseArgs } from 'node:util';
import PQueue from 'p-queue';
import type { ConnectionTarget } from '../connection/connection-target.ts';
import { BECOME_PASSWORD_ENV } from '../connection/become.ts';
import { CredentialError, HostKeyError, HostUnreachableError } from '../connection/errors.ts';
import { targetFromInventory } from '../connection/target-from-inventory.ts';
import { resolveHost } from '../inventory/resolve-host.ts';
import { connectionOptionSpec, positiveInteger, prepareHosts } from './connection-options.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import { LinePrefixer } from './line-prefixer.ts';
import { UsageError } from '../errors/usage-error.ts';
import { visibleText } from '../report/visible-text.ts';

type Outcome = { host: string; status: 'ok' | 'failed' | 'unreachable'; detail: string; ms: number };

export async function execCommand(argv: string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const separator = argv.indexOf('--');
  const { values, positionals } = parseArgs({ args: separator < 0 ? argv : argv.slice(0, separator), options: connectionOptionSpec, allowPositionals: true });
  const command = separator < 0 ? positionals.slice(1).join(' ') : argv.slice(separator + 1).join(' ');
  const pattern = positionals[0];
  if (!pattern || !command) throw new UsageError('usage: corectl exec PATTERN [-i INVENTORY] [--limit P] [--forks N] [--become] -- COMMAND');
  const warn = (message: string) => process.stderr.write(`warning: ${visibleText(message)}\n`);
  const { inventory, hosts, pool, sshConfig } = await prepareHosts(values, pattern, warn);
  const timeoutMs = values.timeout ? positiveInteger(values.timeout, 'timeout', 0) * 1000 : undefined;
  const queue = new PQueue({ concurrency: positiveInteger(values.forks, 'forks', 50) });
  const width = Math.max(...hosts.map((h) => h.length));
  const outcomes: Outcome[] = [];

  const runOn = async (host: string): Promise<Outcome> => {
    const started = Date.now();
    const stdout = new LinePrefixer(`${host.padEnd(width)} | `, (line) => out.write(line));
    const stderr = new LinePrefixer(`${host.padEnd(width)} ! `, (line) => out.write(line));
    const { connection: fields } = resolveHost(inventory, host);
    const become = values.become ?? fields.become ?? false;
    let target: ConnectionTarget | undefined;
    try {
      target = targetFromInventory(inventory, host, sshConfig);
      const connection = pool.get(target);
      const becomePassword = process.env[BECOME_PASSWORD_ENV];
      const result = await connection.exec(command, { become, becomeUser: fields.becomeUser, becomePassword, timeoutMs, onStdout: (t) => stdout.push(t), onStderr: (t) => stderr.push(t) });
      stdout.flush();
      stderr.flush();
      const ok = result.exitCode === 0;
      const detail = result.signal ? `killed by ${result.signal}` : `rc=${result.exitCode}`;
      return { host, status: ok ? 'ok' : 'failed', detail, ms: Date.now() - started };
    } catch (error) {
      stdout.flush();
      stderr.flush();
      if (error instanceof CredentialError || !(error instanceof Error)) throw error; // a local problem, not the host's
      const unreachable = error instanceof HostUnreachableError || error instanceof HostKeyError;
      return { host, status: unreachable ? 'unreachable' : 'failed', detail: error.message, ms: Date.now() - started };
    } finally {
      // Done with this host: --forks bounds open connections as well as commands at once.
      if (target) await pool.release(target);
    }
  };

  try {
    await Promise.all(hosts.map((host) => queue.add(async () => outcomes.push(await runOn(host)))));
  } finally {
    await pool.closeAll();
  }
  outcomes.sort((a, b) => hosts.indexOf(a.host) - hosts.indexOf(b.host));
  out.write('\n');
  for (const o of outcomes) out.write(`${o.host.padEnd(width)}  ${o.status.toUpperCase().padEnd(11)} ${(o.ms / 1000).toFixed(1)}s  ${visibleText(o.detail)}\n`);
  const count = (status: Outcome['status']) => outcomes.filter((o) => o.status === status).length;
  out.write(`${countOf(hosts.length, 'host')}: ${count('ok')} ok, ${count('failed')} failed, ${count('unreachable')} unreachable\n`);
  if (count('failed') > 0) return ExitCode.failed;
  if (count('unreachable') > 0) return ExitCode.unreachable;
  return ExitCode.ok;
}
