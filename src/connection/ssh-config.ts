// The subset of ~/.ssh/config that corectl honours: Host blocks with HostName, Port, User,
// IdentityFile and ProxyJump. As in OpenSSH the first value found for a keyword wins, and
// IdentityFile accumulates. `Match` blocks are skipped (corectl cannot evaluate their criteria).
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { hostFieldMatches } from './known-hosts.ts';

export interface SshConfigEntry {
  hostName?: string;
  port?: number;
  user?: string;
  identityFiles: string[];
  /** ProxyJump hops, in order; empty when none (or `none`). */
  proxyJump: string[];
}

interface Block {
  patterns: string[] | null; // null: a Match block, never applied
  options: [keyword: string, value: string][];
}

export function parseSshConfig(text: string): Block[] {
  const blocks: Block[] = [{ patterns: ['*'], options: [] }];
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(\S+?)(?:\s*=\s*|\s+)(.*)$/.exec(line);
    if (!match) continue;
    const keyword = match[1]!.toLowerCase();
    const value = match[2]!.trim();
    if (keyword === 'host') blocks.push({ patterns: value.split(/\s+/).map(unquote), options: [] });
    else if (keyword === 'match') blocks.push({ patterns: null, options: [] });
    else blocks.at(-1)!.options.push([keyword, unquote(value)]);
  }
  return blocks;
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

/** The options that apply to `alias`, with %h, %p-free tokens and ~ expanded. */
export function resolveSshConfig(blocks: Block[], alias: string): SshConfigEntry {
  const found = new Map<string, string>();
  const identityFiles: string[] = [];
  for (const block of blocks) {
    if (!block.patterns || !hostFieldMatches(block.patterns.join(','), alias)) continue;
    for (const [keyword, value] of block.options) {
      if (keyword === 'identityfile') identityFiles.push(value);
      else if (!found.has(keyword)) found.set(keyword, value);
    }
  }
  const hostName = found.get('hostname')?.replaceAll('%h', alias);
  const port = found.get('port');
  const proxyJump = found.get('proxyjump');
  return {
    hostName,
    port: port === undefined ? undefined : Number(port),
    user: found.get('user'),
    identityFiles: identityFiles.map((file) => expandHome(file.replaceAll('%h', alias))),
    proxyJump: !proxyJump || proxyJump === 'none' ? [] : proxyJump.split(','),
  };
}

export function expandHome(path: string, home = homedir()): string {
  return path === '~' || path.startsWith('~/') ? home + path.slice(1) : path;
}

/** Reads ~/.ssh/config (or `file`); a missing file is an empty config. */
export async function loadSshConfig(file = expandHome('~/.ssh/config')): Promise<Block[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return parseSshConfig(text);
}

export type SshConfig = Block[];
