// What the connection layer needs to know to reach one host, and the run-wide settings.
import type { KnownHosts } from './known-hosts.ts';

/** Where and as whom to connect; `jump` is the (already resolved) previous hop, if any. */
export interface ConnectionTarget {
  /** The inventory name, used in every message. */
  name: string;
  address: string;
  port: number;
  user: string;
  identityFiles: string[];
  /** Where the inventory named the identity file (`group_vars/all.yml:3`), for a key that cannot be read. */
  identityOrigin?: string;
  jump?: ConnectionTarget;
  /** What this target is to the run when it is a jump host: `the jump host of web1 (ProxyJump from ansible_ssh_common_args, hosts.ini:2)`. */
  role?: string;
  /** Run on the controller itself, without SSH (ansible_connection=local). */
  local?: boolean;
  /**
   * The host's own host key policy and known_hosts files, where its inventory says so (Ansible's
   * `-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null` in ansible_ssh_common_args);
   * `origin` names the var and file for messages.
   */
  hostKeys?: { check?: HostKeyCheck; knownHostsFiles?: string[]; origin: string };
}

export type HostKeyCheck = 'strict' | 'accept-new' | 'off';

export interface ConnectionSettings {
  knownHosts: KnownHosts;
  hostKeyCheck: HostKeyCheck;
  /**
   * --host-key-check or --known-hosts was given: the operator's word beats what a host's own
   * inventory vars say.
   */
  hostKeysForced?: { check?: boolean; knownHosts?: boolean };
  /** TCP connect plus SSH handshake and authentication. */
  connectTimeoutMs: number;
  /** How long to keep trying to get a dropped connection back (a reboot) before giving up. */
  reconnectTimeoutMs: number;
  keepaliveIntervalMs: number;
  /** Concurrent exec channels per connection; OpenSSH's MaxSessions defaults to 10. */
  maxChannels: number;
  /** Run privileged commands in long-lived shell sessions (the default) instead of one sudo each. */
  shellSessions?: boolean;
  /** Called once per message that a person should see (e.g. host key checking is off). */
  warn: (message: string) => void;
  /** Told what a verbose run shows (the key exchange each connection negotiated). */
  info?: (message: string) => void;
  /** Offer only the post-quantum hybrid key exchange: a host without it is unreachable (--require-post-quantum). */
  requirePostQuantum?: boolean;
  /** The key exchanges to offer instead of the default order (bench/kex.ts compares them). */
  offerKex?: string[];
  /** Take the run's lock on each host when connecting (see run-lock.ts). */
  runLock?: import('./run-lock.ts').RunLockSettings;
}

export const DEFAULT_CONNECTION_SETTINGS = {
  hostKeyCheck: 'strict',
  connectTimeoutMs: 10_000,
  reconnectTimeoutMs: 120_000,
  keepaliveIntervalMs: 5_000,
  maxChannels: 10,
} as const satisfies Partial<ConnectionSettings>;

/** Options of one command. */
export interface ExecOptions {
  /** Sent on the command's stdin, then closed: how file contents and secrets travel. */
  stdin?: string | Buffer;
  timeoutMs?: number;
  /** Run as root (or `becomeUser`) through `sudo -n`. */
  become?: boolean;
  becomeUser?: string;
  /** sudo password, when the host's sudo asks for one; sent on stdin, never on the command line. */
  becomePassword?: string;
  onStdout?: (text: string) => void;
  onStderr?: (text: string) => void;
  /**
   * Shell functions the command uses, the same for many commands (the module helpers). A shell
   * session defines them once and keeps them for the commands after; an exec channel gets them
   * ahead of the command.
   */
  definitions?: string;
}

export interface ExecResult {
  /** null when the command was ended by a signal. */
  exitCode: number | null;
  signal?: string;
  stdout: string;
  stderr: string;
}
