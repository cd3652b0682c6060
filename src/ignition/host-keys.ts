// SSH host keys made before a host exists (`corectl ignition --host-keys KNOWN_HOSTS`): each host's
// ed25519 key goes into its first-boot config, where sshd finds it (Fedora CoreOS's sshd-keygen
// makes only the keys that are missing), and its public half into a known_hosts file. The first
// connection is then checked as strictly as every later one, with no key taken on trust.
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import ssh2 from 'ssh2';
import { hostFieldMatches } from '../connection/known-hosts.ts';
import { ignitionFile, type IgnitionFragment } from '../module-api/ignition-fragment.ts';
import { writeAtomically } from '../secrets/secrets-file.ts';

export interface HostKey {
  /** OpenSSH's private key format, as sshd reads it. */
  privateKey: string;
  /** `ssh-ed25519 AAAA... root@HOST` */
  publicKey: string;
}

export function makeHostKey(host: string): HostKey {
  const pair = ssh2.utils.generateKeyPairSync('ed25519', { comment: `root@${host}` });
  return { privateKey: pair.private, publicKey: pair.public.trim() };
}

export function hostKeyFragment(key: HostKey): IgnitionFragment {
  const file = (path: string, content: string, mode: string) => ignitionFile(path, content, { mode, owner: 'root', group: 'root' }).storage!.files!;
  return {
    storage: {
      files: [
        ...file('/etc/ssh/ssh_host_ed25519_key', `${key.privateKey.trim()}\n`, '600'),
        ...file('/etc/ssh/ssh_host_ed25519_key.pub', `${key.publicKey}\n`, '644'),
      ],
    },
  };
}

/**
 * Records each host's key under its names (as corectl looks it up: `address` or `[address]:port`,
 * and the inventory name), replacing the lines that named exactly those hosts: a host rendered
 * again gets a new key, and an old line for it would make the new one look changed. Lines with
 * wildcards are another site's business and stay; one that matches a host is returned as a warning.
 */
export async function recordHostKeys(file: string, hosts: { names: string[]; key: HostKey }[]): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const names = hosts.flatMap((h) => h.names);
  const warnings: string[] = [];
  const kept = text.split('\n').filter((line, index) => {
    const field = line.trim().split(/\s+/)[0] ?? '';
    if (field === '' || field.startsWith('#') || field.startsWith('@')) return true;
    const named = names.filter((name) => hostFieldMatches(field, name));
    if (named.length === 0) return true;
    if (/[*?!]/.test(field)) {
      warnings.push(`${file}:${index + 1} (${field}) also matches ${named.join(', ')}; its key will make the new one look changed`);
      return true;
    }
    return false;
  });
  const body = kept.join('\n').replace(/\n*$/, '');
  const added = hosts.map((h) => `${h.names.join(',')} ${h.key.publicKey.split(' ').slice(0, 2).join(' ')}`).join('\n');
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await writeAtomically(file, `${body === '' ? '' : `${body}\n`}${added}\n`, 0o600);
  return warnings;
}
