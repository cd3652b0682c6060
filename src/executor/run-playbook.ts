// Runs a whole playbook against an inventory: selects each play's hosts, checks their vars
// against the play's schema before touching any host, runs the plays in order over one
// connection per host, and ends with a recap per host and the run's exit code.
import PQueue from 'p-queue';
import type { ConnectionPool } from '../connection/connection-pool.ts';
import type { SshConfig } from '../connection/ssh-config.ts';
import { targetFromInventory } from '../connection/target-from-inventory.ts';
import type { Inventory } from '../inventory/inventory-model.ts';
import { selectHosts } from '../inventory/patterns.ts';
import { inShard } from '../inventory/shard.ts';
import { resolveHost } from '../inventory/resolve-host.ts';
import { tasksOf } from '../playbook/playbook-types.ts';
import { PlaybookError } from '../playbook/playbook-error.ts';
import type { Playbook } from '../playbook/playbook-types.ts';
import type { HostCounts, RunEvent } from './events.ts';
import { DelegateHosts, delegateProblems } from './delegate-hosts.ts';
import { HostSeats } from './host-seats.ts';
import { HostState } from './host-state.ts';
import type { RunOptions } from './run-options.ts';
import { interruptOf, untilAborted } from './run-interrupted.ts';
import { playHostVars } from './play-vars.ts';
import { foreignPending } from './pending-handlers.ts';
import { preflightOptions } from './preflight.ts';
import { runPlay } from './run-play.ts';
import { shardRefusals } from './shard-refusals.ts';
import { stepsSelected } from './tag-filter.ts';

export interface RunSummary {
  recap: Record<string, HostCounts>;
  /** Some host failed a task. */
  failed: boolean;
  unreachable: boolean;
  /** Some task changed (or, in check mode, would change) a host. */
  changed: boolean;
  stopped: boolean;
}

export interface PlaybookRun {
  playbook: Playbook;
  name: string;
  inventory: Inventory;
  pool: ConnectionPool;
  sshConfig: SshConfig;
  options: RunOptions;
  emit: (event: RunEvent) => void;
}

export async function runPlaybook(run: PlaybookRun): Promise<RunSummary> {
  const started = Date.now();
  const startAfter = run.options.startAfter ?? Promise.resolve();
  // Awaited once preparing is done: its rejection is not unhandled meanwhile.
  startAfter.catch(() => {});
  // What preparing reports (a host unreachable while its facts were gathered for the pre-flight
  // check, a warning) is told after the run's start, in the order a reader expects.
  const held: RunEvent[] = [];
  const flush = () => held.splice(0).forEach((event) => run.emit(event));
  let prepared: Prepared;
  try {
    prepared = await prepare({ ...run, emit: (event) => held.push(event) });
  } catch (error) {
    flush();
    await startAfter;
    throw error;
  }
  // A stop while the type check still runs is served now: the run ends without a task (the check's
  // verdict no longer matters), instead of after a check that can take half a minute.
  let checked = false;
  void startAfter.then(() => (checked = true), () => {});
  await Promise.resolve();
  if (!checked) run.options.onWaiting?.();
  await untilAborted(startAfter, run.options.signal);
  // Said in the stop reason: nothing ran, and why nothing could have.
  const where = checked || !run.options.signal?.aborted ? undefined : 'before the first task (the playbook was still being type-checked)';
  return execute(run, prepared, started, flush, where);
}

interface Prepared {
  hostsByPlay: string[][];
  states: Map<string, HostState>;
  lastPlay: Map<string, number>;
  playVars: Map<string, Record<string, unknown>>[];
  plan: PlannedPlay[];
  forks: PQueue;
  seats: HostSeats;
  delegates: DelegateHosts;
}

type PlannedPlay = Extract<RunEvent, { kind: 'run-started' }>['plan'][number];

/** Everything before the first task: hosts, vars checked against the plays' schemas, computed options and the facts they need. */
async function prepare(run: PlaybookRun): Promise<Prepared> {
  const { playbook, inventory, options, emit } = run;
  const { shard } = options;
  if (shard && !options.check) {
    const refusals = shardRefusals(playbook.plays);
    if (refusals.length > 0) throw new PlaybookError(`--shard ${shard.index}/${shard.count} splits the hosts, and these steps need them all: ${refusals.join('; ')} (check mode may be sharded: it changes nothing)`);
  }
  // A delegate the inventory lacks is a mistake in the playbook: said before any host is contacted.
  const states = new Map<string, HostState>();
  const delegates = new DelegateHosts(inventory, (name) => run.pool.get(targetFromInventory(inventory, name, run.sshConfig)), (name) => states.get(name));
  const refused = delegateProblems(playbook.plays.map((play) => [...tasksOf(stepsSelected(play, options)), ...play.handlers]).flat(), delegates);
  if (refused.length > 0) throw new PlaybookError(`tasks are delegated to hosts the inventory does not have; nothing was changed:\n${refused.map((line) => `  ${line}`).join('\n')}`);
  const hostsByPlay = playbook.plays.map((play) => selectHosts(inventory, play.options.hosts, options.limit).filter((host) => !shard || inShard(host, shard)));
  /** The last play each host is in: after it, the host's connection is released. */
  const lastPlay = new Map<string, number>();
  const fleet = Object.fromEntries([...inventory.hosts.keys()].map((name) => {
    const { connection, groups } = resolveHost(inventory, name);
    return [name, { address: connection.address ?? name, groups }];
  }));
  const playVars = playbook.plays.map(() => new Map<string, Record<string, unknown>>());
  for (const [index, play] of playbook.plays.entries()) {
    for (const name of hostsByPlay[index]!) {
      const resolved = resolveHost(inventory, name);
      const { hostVars, vars } = playHostVars(play, name, resolved, inventory.extraVars?.vars);
      playVars[index]!.set(name, vars);
      if (!states.has(name)) {
        const connection = run.pool.get(targetFromInventory(inventory, name, run.sshConfig));
        const state = new HostState(name, connection, hostVars, resolved.connection.become ?? false, fleet, resolved.connection.becomeUser);
        state.priority = -states.size;
        states.set(name, state);
      }
      lastPlay.set(name, index);
    }
  }
  const plan = playbook.plays.map((play, index) => ({
    play: play.name,
    hosts: hostsByPlay[index]!,
    // A block's rescue runs only where something failed: not planned.
    tasks: tasksOf(stepsSelected(play, options), ['block', 'always']).map((step) => step.name),
    handlers: play.handlers.map((handler) => handler.name),
  }));
  const forks = new PQueue({ concurrency: options.forks });
  const seats = new HostSeats(options.forks);
  // Connections open only while a host has work, and no more than forks at once.
  run.pool.limitOpen(options.forks);
  await preflightOptions(playbook.plays.map((play, index) => ({ play, hosts: hostsByPlay[index]!.map((name) => states.get(name)!), vars: playVars[index]! })), run.name, options, forks, emit, delegates);
  return { hostsByPlay, states, lastPlay, playVars, plan, forks, seats, delegates };
}

async function execute(run: PlaybookRun, prepared: Prepared, started: number, flushHeld: () => void, stoppedWhere?: string): Promise<RunSummary> {
  const { playbook, options, emit } = run;
  const { hostsByPlay, states, lastPlay, playVars, plan, forks, seats, delegates } = prepared;
  emit({ kind: 'run-started', playbook: run.name, check: options.check, diff: options.diff, plan });
  flushHeld();
  let stoppedBy: string | undefined;
  const onEvent = (event: RunEvent) => {
    if (event.kind === 'play-stopped') stoppedBy ??= `play "${event.play}" stopped the run: ${event.reason}`;
    emit(event);
  };
  for (const [index, play] of playbook.plays.entries()) {
    const hosts = hostsByPlay[index]!.map((name) => states.get(name)!).filter((h) => h.active);
    for (const host of hosts) host.vars = playVars[index]!.get(host.name)!;
    emit({ kind: 'play-started', play: play.name, hosts: hosts.map((h) => h.name), tasks: plan[index]!.tasks.length });
    // A host that failed takes no part in later plays; one that is through its last play is done.
    const through = (host: HostState) => !host.active || lastPlay.get(host.name) === index;
    // A host other hosts delegate to keeps its connection until the play ends: they may still need it.
    const hostDone = async (host: HostState) => {
      if (through(host) && !delegates.used.has(host.name)) await run.pool.release(host.connection.target);
    };
    const carryOn = await runPlay({ play, playbook: run.name, hosts, options, forks, seats, delegates, emit: onEvent, hostDone });
    await Promise.all(hosts.filter((host) => through(host) && delegates.used.has(host.name)).map((host) => run.pool.release(host.connection.target)));
    if (!carryOn) {
      stoppedBy ??= 'a controller step failed';
      break;
    }
  }
  const interrupt = interruptOf(options.signal);
  if (interrupt) stoppedBy = stoppedWhere ? `${interrupt.message}, ${stoppedWhere}` : interrupt.message;
  const planned = new Map<string, number>();
  plan.forEach((p) => p.hosts.forEach((host) => planned.set(host, (planned.get(host) ?? 0) + p.tasks.length)));
  const notRun = Object.fromEntries([...states.values()].flatMap((h) => {
    const count = (planned.get(h.name) ?? 0) - h.tasksDone;
    return count > 0 ? [[h.name, count]] : [];
  }));
  for (const host of states.values()) {
    const plays = playbook.plays.filter((_, index) => hostsByPlay[index]!.includes(host.name));
    const foreign = new Set(foreignPending(host, plays));
    for (const entry of host.pending.values()) {
      const what = `${host.name}: handler "${entry.handler}" of play "${entry.play}" is pending since ${entry.since}`;
      if (foreign.has(entry)) emit({ kind: 'warning', message: `${what} (${entry.playbook}); no play of this run defines it, so it stays pending until a run that does` });
      else if (!options.check) emit({ kind: 'warning', message: `${what}: it did not run; it is recorded on the host, and the next run runs it` });
    }
  }
  const recap = Object.fromEntries([...states.values()].map((h) => [h.name, h.counts]));
  const { connects, channels, commands } = run.pool.stats();
  const rebootRequired = Object.fromEntries([...states.values()].flatMap((h) => (h.rebootRequired ? [[h.name, h.rebootRequired]] : [])));
  emit({ kind: 'run-finished', recap, durationMs: Date.now() - started, connections: connects, channels, roundTrips: commands, rebootRequired, stopped: stoppedBy, notRun });
  const all = Object.values(recap);
  return {
    recap,
    failed: all.some((c) => c.failed > 0),
    unreachable: all.some((c) => c.unreachable > 0),
    changed: all.some((c) => c.changed > 0),
    stopped: stoppedBy !== undefined,
  };
}
