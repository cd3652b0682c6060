// The host key policy: strict (default), accept-new, or off. A refusal names the host, the
// fingerprint it presented and the known_hosts file and line that disagree, so a person can
// decide whether the host was reinstalled or someone is in the middle.
import type { ConnectionSettings } from './connection-target.ts';
import { HostKeyError } from './errors.ts';
import { fingerprint, keyTypeOf } from './known-hosts.ts';

let warnedOff = false;

export async function checkHostKey(
  host: string,
  knownName: string,
  key: Buffer,
  settings: Pick<ConnectionSettings, 'knownHosts' | 'hostKeyCheck' | 'warn'>,
): Promise<void> {
  if (settings.hostKeyCheck === 'off') {
    if (!warnedOff) settings.warn('host key checking is off: hosts are not verified and connections can be intercepted');
    warnedOff = true;
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
