// Handlers a run owes a host survive the run. The moment a task that notifies a handler changes a
// host, the handler is recorded on that host (/var/lib/corectl/pending-handlers, replaced whole and
// atomically); when it has run, the record goes. A run that ends first (a later failure, Ctrl-C, a
// lost connection, even SIGKILL) leaves the record behind: the next run reads it with the facts and
// runs the handler at the end of its play, and the drift check reports it.
import type { HostConnection } from '../connection/host-connection.ts';
import type { PendingHandler } from '../facts/facts-schema.ts';
import type { HandlerHandle, Play } from '../playbook/playbook-types.ts';
import type { HostState } from './host-state.ts';
import { shellSource } from '../module-api/shell-source.ts';
import saveScript from './save-pending-handlers.sh';

// save-pending-handlers.sh and the fact probe (probe.sh) name it too.
export const PENDING_HANDLERS_FILE = '/var/lib/corectl/pending-handlers';

/** A handler is the same across runs when its play and its name are. */
export function pendingKey(play: string, handler: string): string {
  return JSON.stringify([play, handler]);
}

const SAVE_SCRIPT = shellSource(saveScript);

/** Replaces the host's record with these entries (removes it when there are none). */
export async function savePendingHandlers(connection: HostConnection, entries: PendingHandler[]): Promise<void> {
  const script = entries.length === 0 ? `rm -f ${PENDING_HANDLERS_FILE}` : SAVE_SCRIPT;
  const result = await connection.exec(script, { become: true, stdin: entries.length === 0 ? undefined : `${JSON.stringify(entries)}\n` });
  if (result.exitCode !== 0) throw new Error(result.stderr.trim() || `exit code ${result.exitCode}`);
}

/** Takes over what the host's facts say it is owed. */
export function loadPending(host: HostState, entries: readonly PendingHandler[]): void {
  for (const entry of entries) {
    const key = pendingKey(entry.play, entry.handler);
    host.pending.set(key, entry);
    host.pendingEarlier.add(key);
  }
}

/** Marks as notified the handlers of this play that the host has pending (once per play). */
export function adoptPending(host: HostState, play: Play): void {
  if (host.pendingAdopted.has(play.name)) return;
  host.pendingAdopted.add(play.name);
  for (const handler of play.handlers) {
    if (host.pending.has(pendingKey(play.name, handler.name))) host.notified.add(handler.id);
  }
}

/** Records on the host the handlers a change just notified, unless they are recorded already. */
export async function recordNotified(host: HostState, play: string, playbook: string, handlers: readonly HandlerHandle[], warn: (message: string) => void): Promise<void> {
  let added = false;
  for (const handler of handlers) {
    const key = pendingKey(play, handler.name);
    if (host.pending.has(key)) continue;
    host.pending.set(key, { play, handler: handler.name, playbook, since: new Date().toISOString() });
    added = true;
  }
  if (added) await save(host, warn);
}

/** A handler that ran without failing is owed no more. */
export async function clearPending(host: HostState, play: string, handler: string, warn: (message: string) => void): Promise<void> {
  host.pendingEarlier.delete(pendingKey(play, handler));
  if (host.pending.delete(pendingKey(play, handler))) await save(host, warn);
}

/** What to say about a handler that runs because an earlier run left it pending. */
export function pendingNote(host: HostState, play: string, handler: string): string | undefined {
  const key = pendingKey(play, handler);
  const entry = host.pendingEarlier.has(key) ? host.pending.get(key) : undefined;
  return entry && `pending since ${entry.since} (notified by a run of ${entry.playbook} that ended before running it)`;
}

/** Pending handlers of the host that none of its plays in this run define: they stay for their own playbook. */
export function foreignPending(host: HostState, plays: readonly Play[]): PendingHandler[] {
  const defined = new Set(plays.flatMap((play) => play.handlers.map((handler) => pendingKey(play.name, handler.name))));
  return [...host.pending.entries()].filter(([key]) => !defined.has(key)).map(([, entry]) => entry);
}

async function save(host: HostState, warn: (message: string) => void): Promise<void> {
  try {
    await savePendingHandlers(host.connection, [...host.pending.values()]);
  } catch (error) {
    warn(`${host.name}: could not record its pending handlers in ${PENDING_HANDLERS_FILE} (${(error as Error).message}); if this run ends before they run, the next one will not know of them`);
  }
}
