// ~/.ssh/config (then /etc/ssh/ssh_config) as ssh reads it, for what corectl takes from it:
// HostName, Port, User, IdentityFile, ProxyJump, StrictHostKeyChecking and UserKnownHostsFile.
// As OpenSSH's readconf.c: the first value found for a keyword wins (IdentityFile accumulates);
// `Host` patterns match the host name as given (case-sensitive, `!` negates);
// `Match` takes all, canonical, final, exec, host, originalhost, user and localuser, with `host`
// read as the HostName found so far; a `Match final` (or canonical) asks for a second pass with
// the resolved name, as ssh makes. `Match exec` runs its command on the controller with /bin/sh,
// as ssh does (the user wrote it to be run). test/conformance/local/ssh-config.test.ts compares the outcome
// with `ssh -G` on the same files.
import { spawnSync } from 'node:child_process';
import { homedir, hostname as localHostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { readSshConfigFile, SshConfigError, type SshConfig, type SshConfigItem } from './ssh-config-file.ts';

export { parseSshConfig, type SshConfig } from './ssh-config-file.ts';

export interface SshConfigEntry {
  hostName?: string;
  port?: number;
  user?: string;
  identityFiles: string[];
  /** ProxyJump hops, in order; empty when none (or `none`). */
  proxyJump: string[];
  strictHostKeyChecking?: 'yes' | 'no' | 'ask' | 'accept-new';
  /** UserKnownHostsFile's files, tokens and ~ expanded; empty for `none`. */
  userKnownHostsFiles?: string[];
}

/** What a config is resolved against besides the host: the controller's user and machine, and how `Match exec` runs. */
export interface SshConfigContext {
  localUser: string;
  home: string;
  uid: number;
  localHost: string;
  runExec: (command: string) => boolean;
}

export function defaultSshConfigContext(): SshConfigContext {
  const user = userInfo();
  return {
    localUser: user.username, home: homedir(), uid: user.uid, localHost: localHostname(),
    runExec: (command) => spawnSync('/bin/sh', ['-c', command], { stdio: 'ignore' }).status === 0,
  };
}

interface Pass {
  /** The host Host lines and `Match host` read (before a HostName is found). */
  host: string;
  original: string;
  final: boolean;
  found: Map<string, string[]>;
  /** Where each found value was written (file:line). */
  where: Map<string, string>;
  identityFiles: string[];
  wantFinal: boolean;
}

/** The options that apply to `alias`, with their tokens and ~ expanded. */
export function resolveSshConfig(config: SshConfig, alias: string, context: SshConfigContext = defaultSshConfigContext()): SshConfigEntry {
  const original = alias;
  // Host lines see the name as given (ssh lowercases it only once the config is read).
  const pass: Pass = { host: alias, original, final: false, found: new Map(), where: new Map(), identityFiles: [], wantFinal: false };
  walk(config, pass, context, true, false);
  const expandedHostName = (host: string) => (pass.found.get('hostname')?.[0] ?? host).replace(/%(.)/g, (token, c: string) => (c === 'h' ? host : c === '%' ? '%' : token));
  if (pass.wantFinal) walk(config, { ...pass, host: expandedHostName(alias).toLowerCase(), final: true }, context, true, false);
  const { found } = pass;
  // ssh lowercases the name it connects to, HostName's too.
  const hostName = found.has('hostname') ? expandedHostName(alias).toLowerCase() : undefined;
  const port = found.get('port')?.[0];
  if (port !== undefined && !(/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) throw new SshConfigError(`${pass.where.get('port')}: Port ${JSON.stringify(port)} is not a port number (1 to 65535)`);
  const user = found.get('user')?.[0];
  const tokens = sshTokens(context, hostName ?? alias.toLowerCase(), original, port, user);
  const expand = (value: string) => expandHome(value, context.home).replace(/%(.)/g, (token, c: string) => tokens[c] ?? token);
  const proxyJump = found.get('proxyjump')?.[0];
  const strict = found.get('stricthostkeychecking')?.[0]?.toLowerCase();
  const knownHosts = found.get('userknownhostsfile');
  return {
    ...(hostName !== undefined && { hostName }),
    ...(port !== undefined && { port: Number(port) }),
    ...(user !== undefined && { user }),
    identityFiles: pass.identityFiles.map(expand),
    proxyJump: !proxyJump || proxyJump === 'none' ? [] : proxyJump.split(','),
    ...(strict !== undefined && { strictHostKeyChecking: strict === 'yes' || strict === 'true' ? 'yes' : strict === 'no' || strict === 'false' || strict === 'off' ? 'no' : strict === 'accept-new' ? 'accept-new' : 'ask' }),
    ...(knownHosts !== undefined && { userKnownHostsFiles: knownHosts[0] === 'none' ? [] : knownHosts.map(expand) }),
  };
}

/** One file's items (an Include's files each start where the Include stands; Host and Match inside end with the file). */
function walk(items: readonly SshConfigItem[], pass: Pass, context: SshConfigContext, startActive: boolean, neverMatch: boolean): void {
  let active = startActive;
  for (const item of items) {
    if (item.kind === 'host') active = !neverMatch && hostLineMatches(item.patterns, pass.host);
    else if (item.kind === 'match') active = !neverMatch && matchLineMatches(item, pass, context);
    else if (item.kind === 'include') for (const file of item.files) walk(file, pass, context, active, neverMatch || !active);
    else if (active) take(pass, item.keyword, item.args, `${item.file}:${item.line}`);
  }
}

function take(pass: Pass, keyword: string, args: string[], where: string): void {
  if (keyword === 'identityfile') {
    // As ssh's add_identity_file: a file named twice (or again in the final pass) counts once.
    if (args[0] !== undefined && !pass.identityFiles.includes(args[0])) pass.identityFiles.push(args[0]);
  } else if (!pass.found.has(keyword)) {
    pass.found.set(keyword, args);
    pass.where.set(keyword, where);
  }
}

/** A Host line: some pattern matches the host and no negated one does (ssh's match_pattern: case-sensitive, * and ?). */
function hostLineMatches(patterns: string[], host: string): boolean {
  let matched = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (!wildcardMatch(host, negated ? pattern.slice(1) : pattern)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

/** A Match line: every criterion holds (`!` negates one); `exec` runs only when those before it held. */
function matchLineMatches(item: Extract<SshConfigItem, { kind: 'match' }>, pass: Pass, context: SshConfigContext): boolean {
  const where = `${item.file}:${item.line}`;
  const { args } = item;
  if (args.length === 0) throw new SshConfigError(`${where}: Match needs criteria (all, host, originalhost, user, localuser, exec, canonical, final)`);
  let result = true;
  for (let i = 0; i < args.length; i++) {
    const negate = args[i]!.startsWith('!');
    const criterion = (negate ? args[i]!.slice(1) : args[i]!).toLowerCase();
    let holds: boolean;
    if (criterion === 'all') {
      const others = args.filter((a) => !['all', 'canonical', 'final'].includes(a.toLowerCase()));
      if (negate || others.length > 0) throw new SshConfigError(`${where}: Match all cannot be negated or combined with other criteria than canonical and final (as ssh)`);
      holds = true;
    } else if (criterion === 'canonical' || criterion === 'final') {
      if (criterion === 'final') pass.wantFinal = true;
      holds = pass.final;
    } else {
      const value = args[++i];
      if (value === undefined) throw new SshConfigError(`${where}: Match ${criterion} needs a value`);
      if (criterion === 'host') {
        const found = pass.found.get('hostname')?.[0];
        const host = found === undefined ? pass.host : found.replace(/%(.)/g, (token, c: string) => (c === 'h' ? pass.host : c === '%' ? '%' : token));
        holds = patternListMatches(host.toLowerCase(), value, true);
      } else if (criterion === 'originalhost') holds = patternListMatches(pass.original.toLowerCase(), value, true);
      else if (criterion === 'user') holds = patternListMatches(pass.found.get('user')?.[0] ?? context.localUser, value, false);
      else if (criterion === 'localuser') holds = patternListMatches(context.localUser, value, false);
      else if (criterion === 'exec') holds = result && context.runExec(execCommand(value, pass, context));
      else throw new SshConfigError(`${where}: Match ${criterion}: corectl does not read this criterion (it reads all, host, originalhost, user, localuser, exec, canonical, final)`, { hint: 'write the block as a Host block, or give the host its settings in the inventory' });
    }
    if (holds === negate) result = false;
  }
  return result;
}

/** A `Match exec` command with ssh's tokens for it filled in. */
function execCommand(command: string, pass: Pass, context: SshConfigContext): string {
  const host = pass.found.get('hostname')?.[0]?.replace(/%h/g, pass.host) ?? pass.host;
  const tokens = sshTokens(context, host, pass.original, pass.found.get('port')?.[0], pass.found.get('user')?.[0]);
  return command.replace(/%(.)/g, (token, c: string) => tokens[c] ?? token);
}

/** ssh's %-tokens for a host: %h the name connected to, %n the one given, %p, %r, and the controller's %u %d %i %l %L. */
function sshTokens(context: SshConfigContext, host: string, original: string, port: string | undefined, user: string | undefined): Record<string, string> {
  return {
    '%': '%', d: context.home, h: host, i: String(context.uid), l: context.localHost, L: context.localHost.split('.')[0]!,
    n: original, p: port ?? '22', r: user ?? context.localUser, u: context.localUser,
  };
}

/** ssh's match_pattern_list: comma-separated patterns, `!` negates (a negated match fails the list), patterns lowercased when asked. */
function patternListMatches(value: string, list: string, lowerPatterns: boolean): boolean {
  let matched = false;
  for (const raw of list.split(',')) {
    const negated = raw.startsWith('!');
    const pattern = (negated ? raw.slice(1) : raw);
    if (!wildcardMatch(value, lowerPatterns ? pattern.toLowerCase() : pattern)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

function wildcardMatch(value: string, pattern: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's').test(value);
}

export function expandHome(path: string, home = homedir()): string {
  return path === '~' || path.startsWith('~/') ? home + path.slice(1) : path;
}

/** Reads ~/.ssh/config (or `file`) and then /etc/ssh/ssh_config, as ssh does; a missing file is empty. */
export async function loadSshConfig(file = expandHome('~/.ssh/config'), systemFile: string | undefined = '/etc/ssh/ssh_config'): Promise<SshConfig> {
  const user = readSshConfigFile(file, join(homedir(), '.ssh'));
  const system = systemFile === undefined ? [] : readSshConfigFile(systemFile, '/etc/ssh');
  // Each file starts afresh (a Host block at the end of one does not reach into the next), as an Include's files do.
  return [{ kind: 'include', files: [user, system], file, line: 0 }];
}
