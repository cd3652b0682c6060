// OpenSSH known_hosts: parsing, lookup and recording of host keys.
// Supports what real files contain: hashed names (|1|salt|hash), [host]:port entries, comma lists,
// wildcards and negated patterns, several key types per host, and the @revoked marker.
import { CorectlError } from '../errors/corectl-error.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import { createHash, createHmac } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { readFailureReason } from './read-failure.ts';

export interface KnownHostEntry {
  file: string;
  line: number;
  marker?: 'revoked' | 'cert-authority';
  hostPatterns: string;
  keyType: string;
  key: Buffer;
}

export type HostKeyVerdict =
  | { kind: 'known'; entry: KnownHostEntry }
  | { kind: 'unknown' }
  | { kind: 'revoked'; entry: KnownHostEntry }
  /** The host is recorded, but not with the key it presented. */
  | { kind: 'changed'; entries: KnownHostEntry[] };

/** The name a host is recorded under: `host` on port 22, `[host]:port` elsewhere (as OpenSSH). */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** SHA256 fingerprint as `ssh-keygen -l` prints it. */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named inside an SSH public key blob (its first length-prefixed string). */
export function keyTypeOf(key: Buffer): string {
  if (key.length < 4) return 'unknown';
  const length = key.readUInt32BE(0);
  return key.subarray(4, 4 + length).toString('latin1');
}

export function parseKnownHosts(text: string, file: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split('\n').forEach((rawLine, index) => {
    const fields = rawLine.trim().split(/\s+/);
    if (fields[0] === '' || fields[0]?.startsWith('#')) return;
    let marker: KnownHostEntry['marker'];
    if (fields[0]?.startsWith('@')) {
      const name = fields.shift()!.slice(1);
      if (name !== 'revoked' && name !== 'cert-authority') return;
      marker = name;
    }
    const [hostPatterns, keyType, keyBase64] = fields;
    if (!hostPatterns || !keyType || !keyBase64) return;
    entries.push({ file, line: index + 1, marker, hostPatterns, keyType, key: Buffer.from(keyBase64, 'base64') });
  });
  return entries;
}

/** Whether a known_hosts host field (hashed, or a pattern list) names `name`. */
export function hostFieldMatches(field: string, name: string): boolean {
  if (field.startsWith('|1|')) {
    const [, , salt, hash] = field.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  let matched = false;
  for (const pattern of field.split(',')) {
    const negated = pattern.startsWith('!');
    if (globMatches(negated ? pattern.slice(1) : pattern, name)) {
      if (negated) return false; // a negated match vetoes the whole line, as in OpenSSH
      matched = true;
    }
  }
  return matched;
}

function globMatches(pattern: string, name: string): boolean {
  const regex = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.');
  return new RegExp(`^${regex}$`, 'i').test(name);
}

/** A known_hosts file that exists but cannot be read: no host can be verified, so nothing runs. */
export class KnownHostsFileError extends CorectlError {
  override readonly name = 'KnownHostsFileError';
  override readonly exitCode = ExitCode.usage;
}

/** The known_hosts files of one run, read once and consulted for every host. */
export class KnownHosts {
  private constructor(readonly files: readonly string[], private entries: KnownHostEntry[]) {}

  static async load(files: readonly string[]): Promise<KnownHosts> {
    const entries: KnownHostEntry[] = [];
    for (const file of files) {
      const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return '';
        throw new KnownHostsFileError(`known_hosts file ${file} cannot be read: ${readFailureReason(file, error)}`);
      });
      entries.push(...parseKnownHosts(text, file));
    }
    return new KnownHosts(files, entries);
  }

  /** Key types recorded for a host, so the client can ask the server for a key it can check. */
  keyTypesFor(name: string): string[] {
    return [...new Set(this.entriesFor(name).filter((e) => !e.marker).map((e) => e.keyType))];
  }

  verify(name: string, key: Buffer): HostKeyVerdict {
    const entries = this.entriesFor(name);
    const revoked = this.entries.find((e) => e.marker === 'revoked' && e.key.equals(key));
    if (revoked) return { kind: 'revoked', entry: revoked };
    const plain = entries.filter((e) => !e.marker);
    const known = plain.find((e) => e.key.equals(key));
    if (known) return { kind: 'known', entry: known };
    // Any other recorded key for this name means the identity changed: refuse, whatever the type.
    return plain.length > 0 ? { kind: 'changed', entries: plain } : { kind: 'unknown' };
  }

  /** Records a newly seen key in the first file (accept-new); never replaces an existing one. */
  async record(name: string, key: Buffer): Promise<void> {
    const file = this.files[0];
    if (!file) throw new Error('no known_hosts file to record a new host key in');
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const keyType = keyTypeOf(key);
    await appendFile(file, `${name} ${keyType} ${key.toString('base64')}\n`, { mode: 0o600 });
    this.entries.push({ file, line: 0, hostPatterns: name, keyType, key });
  }

  private entriesFor(name: string): KnownHostEntry[] {
    return this.entries.filter((e) => e.marker !== 'cert-authority' && hostFieldMatches(e.hostPatterns, name));
  }
}
