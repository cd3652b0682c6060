// Reading ssh_config files as OpenSSH's readconf.c does: one directive per line (`Keyword value`
// or `Keyword=value`, keywords in any case, arguments split as ssh splits them, quotes kept
// together), `Include` expanded where it stands (globs as glob(3) gives them, sorted; relative
// paths from ~/.ssh in the user's config and /etc/ssh in the system's; at most 16 deep, as ssh).
// Matching happens later (ssh-config.ts): an Include inside a Host or Match block applies only
// where that block does.
import { readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { CorectlError } from '../errors/corectl-error.ts';
import { ExitCode } from '../errors/exit-codes.ts';

export type SshConfigItem =
  | { kind: 'option'; keyword: string; args: string[]; file: string; line: number }
  | { kind: 'host'; patterns: string[]; file: string; line: number }
  | { kind: 'match'; args: string[]; file: string; line: number }
  /** An Include: each file it named, read. Host and Match lines inside one end with it. */
  | { kind: 'include'; files: SshConfigItem[][]; file: string; line: number };

/** The items of the user's config, then the system's (ssh reads them in that order; the first value wins). */
export type SshConfig = SshConfigItem[];

export class SshConfigError extends CorectlError {
  override readonly name = 'SshConfigError';
  override readonly exitCode = ExitCode.usage;
}

const MAX_DEPTH = 16;

/** Parses one file's text; `includeFrom` is where relative Include paths start (~/.ssh or /etc/ssh). */
export function parseSshConfig(text: string, file = '<ssh config>', includeFrom = join(homedir(), '.ssh'), depth = 0): SshConfigItem[] {
  const items: SshConfigItem[] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const split = /^([^\s=]+)\s*(?:=\s*|\s)(.*)$/.exec(trimmed) ?? [trimmed, trimmed, ''];
    const keyword = split[1]!.toLowerCase();
    const args = splitArguments(split[2]!.trim(), `${file}:${line}`);
    if (keyword === 'host') items.push({ kind: 'host', patterns: args, file, line });
    else if (keyword === 'match') items.push({ kind: 'match', args, file, line });
    else if (keyword === 'include') items.push({ kind: 'include', files: includedFiles(args, includeFrom, `${file}:${line}`, depth), file, line });
    else items.push({ kind: 'option', keyword, args, file, line });
  }
  return items;
}

/** Reads a config file (a missing one is empty, as for ssh). */
export function readSshConfigFile(file: string, includeFrom: string, depth = 0): SshConfigItem[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return parseSshConfig(text, file, includeFrom, depth);
}

function includedFiles(patterns: string[], includeFrom: string, where: string, depth: number): SshConfigItem[][] {
  if (depth + 1 > MAX_DEPTH) throw new SshConfigError(`${where}: Include: too many recursive configuration includes (more than ${MAX_DEPTH}, as ssh allows)`, { hint: 'an Include names a file that includes it again' });
  return patterns.flatMap((pattern) => {
    const path = pattern.startsWith('~/') ? join(homedir(), pattern.slice(2)) : isAbsolute(pattern) ? pattern : join(includeFrom, pattern);
    return globPaths(path).map((file) => readSshConfigFile(file, includeFrom, depth + 1));
  });
}

/**
 * The paths a glob(3) pattern names, sorted: `*`, `?` and `[...]` within a path component, a
 * leading dot matched only by a leading dot, no braces (ssh gives glob(3) no GLOB_BRACE). A
 * pattern without wildcards names itself whether or not it exists (a missing file reads as empty).
 */
export function globPaths(pattern: string): string[] {
  if (!/[*?[]/.test(pattern)) return [pattern];
  const parts = pattern.split('/');
  let found = [parts[0] === '' ? '/' : '.'];
  for (const part of parts.slice(parts[0] === '' ? 1 : 0)) {
    if (part === '') continue;
    if (!/[*?[]/.test(part)) {
      found = found.map((dir) => join(dir, part));
      continue;
    }
    const matcher = componentPattern(part);
    found = found.flatMap((dir) => {
      try {
        return readdirSync(dir).filter((name) => matcher.test(name) && (!name.startsWith('.') || part.startsWith('.'))).sort().map((name) => join(dir, name));
      } catch {
        return [];
      }
    });
  }
  return found.sort();
}

function componentPattern(part: string): RegExp {
  let source = '';
  for (let i = 0; i < part.length; i++) {
    const c = part[i]!;
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const end = part.indexOf(']', i + 2);
      if (end < 0) source += '\\[';
      else {
        const body = part.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        source += `[${body}]`;
        i = end;
      }
    } else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Splits arguments as ssh's argv_split does: whitespace between words, "..." and '...' keep one word, a backslash escapes. */
function splitArguments(text: string, where: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: string | undefined;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && i + 1 < text.length && (text[i + 1] === quote || text[i + 1] === '\\')) word += text[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new SshConfigError(`${where}: an unterminated quote`);
  if (inWord) words.push(word);
  return words;
}

