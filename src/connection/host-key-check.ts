// The host key policy: strict (default), accept-new, or off. A refusal names the host, the
// fingerprint it presented and the known_hosts file and line that disagree, so a person can
// decide whether the host was reinstalled or someone is in the middle.
import type { ConnectionSettings, ConnectionTarget } from './connection-target.ts';
import { HostKeyError } from './errors.ts';
import { fingerprint, keyTypeOf, KnownHosts } from './known-hosts.ts';

/** What has said host key checking is off: the run (''), or a host's inventory var; each said once. */
const warnedOff = new Set<string>();

export type HostKeyPolicy = Pick<ConnectionSettings, 'knownHosts' | 'hostKeyCheck' | 'warn'> & {
  /** The inventory var that set this host's own policy, for messages. */
  origin?: string;
};

const loadedFiles = new WeakMap<ConnectionSettings, Map<string, Promise<KnownHosts>>>();

/**
 * The policy for one host: its inventory's own (ansible_ssh_common_args' StrictHostKeyChecking
 * and UserKnownHostsFile, as ssh would follow them for that host), unless the operator gave
 * --host-key-check or --known-hosts, else the run's. Each set of files is read once per run.
 */
export async function hostKeyPolicy(target: ConnectionTarget, settings: ConnectionSettings): Promise<HostKeyPolicy> {
  const own = target.hostKeys;
  if (!own) return settings;
  const check = own.check && !settings.hostKeysForced?.check ? own.check : settings.hostKeyCheck;
  const files = own.knownHostsFiles && !settings.hostKeysForced?.knownHosts ? own.knownHostsFiles : undefined;
  let knownHosts = settings.knownHosts;
  if (files) {
    const byFiles = loadedFiles.get(settings) ?? new Map<string, Promise<KnownHosts>>();
    loadedFiles.set(settings, byFiles);
    const key = files.join('\n');
    if (!byFiles.has(key)) byFiles.set(key, KnownHosts.load(files));
    knownHosts = await byFiles.get(key)!;
  }
  return { knownHosts, hostKeyCheck: check, warn: settings.warn, origin: own.origin };
}

export async function checkHostKey(host: string, knownName: string, key: Buffer, settings: HostKeyPolicy): Promise<void> {
  if (settings.hostKeyCheck === 'off') {
    const origin = settings.origin ?? '';
    if (!warnedOff.has(origin)) {
      settings.warn(origin
        ? `host key checking is off for ${host} (and every host ${origin} applies to): they are not verified and connections can be intercepted`
        : 'host key checking is off: hosts are not verified and connections can be intercepted');
    }
    warnedOff.add(origin);
    return;
  }
  const presented = `${keyTypeOf(key)} key ${fingerprint(key)}`;
  const verdict = settings.knownHosts.verify(knownName, key);
  switch (verdict.kind) {
    case 'known':
      return;
    case 'revoked':
      throw new HostKeyError(host, `${host} (${knownName}) presented ${presented}, which is marked @revoked in ${verdict.entry.file}:${verdict.entry.line}`);
    case 'changed': {
      const where = verdict.entries.map((e) => `${e.file}:${e.line}`).join(', ');
      throw new HostKeyError(
        host,
        `HOST KEY CHANGED for ${host} (${knownName}): it presented ${presented}, but ${where} records another key. ` +
          `Either the host was reinstalled or the connection is being intercepted. If you know it was reinstalled, ` +
          `remove the old entry (ssh-keygen -R '${knownName}' -f ${verdict.entries[0]!.file}) and connect again.`,
      );
    }
    case 'unknown':
      if (settings.hostKeyCheck === 'accept-new') {
        await settings.knownHosts.record(knownName, key);
        settings.warn(`recorded new host key for ${host} (${knownName}): ${presented} in ${settings.knownHosts.files[0]}`);
        return;
      }
      throw new HostKeyError(
        host,
        `${host} (${knownName}) is not in known_hosts (${settings.knownHosts.files.join(', ')}); it presented ${presented}. ` +
          `Check the fingerprint with the host's owner, then add it, or set hostKeyCheck: accept-new to record it on first use.`,
      );
  }
}

const DEFAULT_ALGORITHMS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
] as const;

type HostKeyAlgorithm = (typeof DEFAULT_ALGORITHMS)[number];

/** Asks first for the key types known_hosts holds for the host, as OpenSSH does. */
export function hostKeyAlgorithms(knownTypes: readonly string[]): HostKeyAlgorithm[] {
  const preferred = DEFAULT_ALGORITHMS.filter((algorithm) =>
    knownTypes.some((type) => type === algorithm || (type === 'ssh-rsa' && algorithm.startsWith('rsa-sha2'))),
  );
  return [...preferred, ...DEFAULT_ALGORITHMS.filter((a) => !preferred.includes(a))];
}
