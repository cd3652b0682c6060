// The post-quantum hybrid key exchange (mlkem768x25519-sha256) that bin/patch-ssh2.js gives ssh2:
// whether this ssh2 has it, the key exchanges a connection offers, and the one warning a run gives
// when a host settles for a classical exchange (as OpenSSH 10.1 warns).
import { createRequire } from 'node:module';
import { CorectlError } from '../errors/corectl-error.ts';
import { ExitCode } from '../errors/exit-codes.ts';

export const PQ_KEX = 'mlkem768x25519-sha256';

/** ssh2 was patched at install (its supported key exchanges name the hybrid one). */
export function postQuantumAvailable(): boolean {
  const constants = createRequire(import.meta.url)('ssh2/lib/protocol/constants.js') as { SUPPORTED_KEX: string[] };
  return constants.SUPPORTED_KEX.includes(PQ_KEX);
}

export class PostQuantumUnavailableError extends CorectlError {
  override readonly name = 'PostQuantumUnavailableError';
  override readonly exitCode = ExitCode.usage;
}

/**
 * What a connection offers: only the hybrid exchange when the site requires it, else ssh2's
 * default order (the hybrid first once patched). Requiring it of an unpatched ssh2 is refused
 * before any host is contacted.
 */
export function keyExchanges(requirePostQuantum: boolean | undefined): string[] | undefined {
  if (!requirePostQuantum) return undefined;
  if (!postQuantumAvailable()) {
    throw new PostQuantumUnavailableError(`--require-post-quantum: this corectl's ssh2 has no ${PQ_KEX} (it is added when corectl is installed)`, { hint: 'run `npm rebuild` (or `node bin/patch-ssh2.js`) in corectl\'s directory' });
  }
  return [PQ_KEX];
}

const warned = new WeakSet<object>();

/** Said once per run (per settings object): a host that negotiated a classical exchange, and what that means. */
export function classicalKexWarning(run: object, host: string, kex: string): string | undefined {
  if (kex === PQ_KEX || kex.startsWith('sntrup761x25519') || warned.has(run)) return undefined;
  warned.add(run);
  return `${host} negotiated ${kex}, not a post-quantum key exchange (said once per run; other hosts may too): what corectl sends it could be recorded now and decrypted later. OpenSSH 9.9 or later offers ${PQ_KEX}; --require-post-quantum refuses hosts without it`;
}
