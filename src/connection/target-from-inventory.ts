// Turns an inventory host into a ConnectionTarget: inventory fields first, then ~/.ssh/config for
// the host's name (HostName, Port, User, IdentityFile, ProxyJump), then the defaults: port 22, and
// user `core` for corectl's own inventories, your own login name for Ansible's (as ssh, so Ansible).
// A jump names another inventory host or a `user@host:port` hop; chains are allowed.
import { CorectlError } from '../errors/corectl-error.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import type { Inventory } from '../inventory/inventory-model.ts';
import { resolveHost } from '../inventory/resolve-host.ts';
import type { ConnectionTarget } from './connection-target.ts';
import { expandHome, resolveSshConfig, type SshConfig, type SshConfigEntry } from './ssh-config.ts';

export const DEFAULT_USER = 'core';

export class JumpChainError extends CorectlError {
  override readonly name = 'JumpChainError';
  override readonly exitCode = ExitCode.usage;
}

export function targetFromInventory(inventory: Inventory, hostName: string, sshConfig: SshConfig, trail: string[] = []): ConnectionTarget {
  if (trail.includes(hostName)) throw new JumpChainError(`jump hosts form a loop: ${[...trail, hostName].join(' -> ')}`);
  const { connection, connectionOrigins, hostKeys } = resolveHost(inventory, hostName);
  // The controller itself, as whoever runs corectl (Ansible's local connection ignores ansible_user).
  if (connection.connection === 'local') return { name: hostName, address: hostName, port: 0, user: localUser(), identityFiles: [], local: true };
  const fromConfig = resolveSshConfig(sshConfig, connection.address ?? hostName);
  const identityFile = connection.identityFile ?? undefined;
  const identityOrigin = connectionOrigins.identityFile;
  const target: ConnectionTarget = {
    name: hostName,
    address: connection.address ?? fromConfig.hostName ?? hostName,
    port: connection.port ?? fromConfig.port ?? 22,
    user: connection.user ?? fromConfig.user ?? (inventory.hosts.get(hostName)?.corectlFormat ? DEFAULT_USER : localUser()),
    // A relative key path is relative to where corectl runs, as ssh reads ansible's IdentityFile.
    identityFiles: identityFile ? [resolve(expandHome(identityFile))] : fromConfig.identityFiles,
    ...(identityFile && identityOrigin ? { identityOrigin: `${identityOrigin.file}${identityOrigin.line > 0 ? `:${identityOrigin.line}` : ''}` } : {}),
    ...hostKeysOf(hostKeys, fromConfig),
  };
  // corectl's `jump:` may name an inventory host; Ansible's ProxyJump is ssh's, as ssh reads it.
  const sshJump = !connection.jump && connection.proxyJump !== undefined;
  const hops = connection.jump ? connection.jump.split(',') : (connection.proxyJump?.split(',') ?? fromConfig.proxyJump);
  const jumpOrigin = connectionOrigins[connection.jump ? 'jump' : 'proxyJump'];
  const saidBy = connection.jump ? 'jump' : connection.proxyJump !== undefined ? 'ProxyJump from ssh args' : 'ProxyJump from ~/.ssh/config';
  const role = `a jump host (${saidBy}${jumpOrigin ? `, ${jumpOrigin.file}${jumpOrigin.line > 0 ? `:${jumpOrigin.line}` : ''}` : ''}${sshJump ? "; read as ssh reads it: your own login name unless it says user@, keys from ~/.ssh/config" : ''})`;
  let previous: ConnectionTarget | undefined;
  for (const hop of hops) {
    const next = !sshJump && inventory.hosts.has(hop)
      ? targetFromInventory(inventory, hop, sshConfig, [...trail, hostName])
      : targetFromSpec(hop, sshConfig, sshJump ? localUser() : DEFAULT_USER);
    next.role ??= role;
    previous = previous ? appendHop(next, previous) : next;
  }
  if (previous) target.jump = previous;
  return target;
}

/**
 * How the host's key is checked: the inventory's own settings (ssh args, as on ssh's command
 * line), else ~/.ssh/config's StrictHostKeyChecking and UserKnownHostsFile for it, as ssh would
 * follow them (`ask` is corectl's strict: it cannot ask). As ssh reads UserKnownHostsFile: `~` is
 * the home directory, a relative path is from where it runs.
 */
function hostKeysOf(fromInventory: ReturnType<typeof resolveHost>['hostKeys'], fromConfig: SshConfigEntry): Pick<ConnectionTarget, 'hostKeys'> {
  const configCheck = ({ yes: undefined, ask: undefined, no: 'off', 'accept-new': 'accept-new' } as const)[fromConfig.strictHostKeyChecking ?? 'ask'];
  const check = fromInventory?.check ?? configCheck;
  const files = fromInventory?.knownHostsFiles ?? (fromConfig.userKnownHostsFiles?.length ? fromConfig.userKnownHostsFiles : undefined);
  if (!check && !files) return {};
  const origin = fromInventory?.check || fromInventory?.knownHostsFiles ? fromInventory.origin : 'your ssh config';
  return { hostKeys: { ...(check && { check }), ...(files && { knownHostsFiles: files.map((file) => resolve(expandHome(file))) }), origin } };
}

function localUser(): string {
  return userInfo().username;
}

/** `[user@]host[:port]` as in ProxyJump, completed from ~/.ssh/config. */
export function targetFromSpec(spec: string, sshConfig: SshConfig, defaultUser = DEFAULT_USER): ConnectionTarget {
  const match = /^(?:([^@]+)@)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(spec.trim());
  if (!match) throw new JumpChainError(`cannot read jump host "${spec}" (expected [user@]host[:port])`);
  const host = match[2]!.replace(/^\[|\]$/g, '');
  const config = resolveSshConfig(sshConfig, host);
  const jump = config.proxyJump.length > 0 ? config.proxyJump.map((hop) => targetFromSpec(hop, sshConfig, defaultUser)).reduce((prev, next) => appendHop(next, prev)) : undefined;
  return {
    name: spec,
    address: config.hostName ?? host,
    port: match[3] ? Number(match[3]) : (config.port ?? 22),
    user: match[1] ?? config.user ?? defaultUser,
    identityFiles: config.identityFiles,
    ...(jump ? { jump } : {}),
  };
}

/** Puts `previous` in front of the first hop of `target`'s own chain. */
function appendHop(target: ConnectionTarget, previous: ConnectionTarget): ConnectionTarget {
  return { ...target, jump: target.jump ? appendHop(target.jump, previous) : previous };
}
