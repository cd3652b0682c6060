// Host patterns as ansible-core evaluates them: `all` or `*`, a group, a host, shell wildcards
// (`web*`, fnmatch), Python regular expressions (`~web\d+`, matched at the start of the name),
// subscripts (`web[0]`, `web[-1]`, `web[0:2]` inclusive, `web[1:]`), and combinations `a:b` (or
// `a,b`), `a:&b`, `a:!b`. Unions come first, then intersections, then exclusions, and the result
// keeps the order the patterns produced (a group's own hosts, then its children's). A term that
// matches nothing is an error (Ansible only warns): it is nearly always a typo.
import { CorectlError } from '../errors/corectl-error.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import { compilePythonRegex, PythonRegexError } from '../module-api/python-regex.ts';
import { allChildGroups, type Inventory, type InventoryGroup } from './inventory-model.ts';

export class PatternError extends CorectlError {
  override readonly name = 'PatternError';
  override readonly exitCode = ExitCode.usage;
}

export function selectHosts(inventory: Inventory, pattern: string, limit?: string): string[] {
  let selected = applyPattern(inventory, pattern);
  if (limit) {
    const limited = new Set(applyPattern(inventory, limit));
    selected = selected.filter((host) => limited.has(host));
  }
  return selected;
}

function applyPattern(inventory: Inventory, pattern: string): string[] {
  const terms = splitTerms(pattern);
  if (terms.length === 0) throw new PatternError('empty host pattern');
  // Ansible orders the terms: plain ones, then `&`, then `!`.
  const ordered = [...terms.filter((t) => !/^[&!]/.test(t)), ...terms.filter((t) => t.startsWith('&')), ...terms.filter((t) => t.startsWith('!'))];
  let hosts: string[] = [];
  for (const term of ordered) {
    if (term.startsWith('!')) {
      const out = new Set(matchTerm(inventory, term.slice(1)));
      hosts = hosts.filter((h) => !out.has(h));
    } else if (term.startsWith('&')) {
      const keep = new Set(matchTerm(inventory, term.slice(1)));
      hosts = hosts.filter((h) => keep.has(h));
    } else {
      const seen = new Set(hosts);
      hosts.push(...matchTerm(inventory, term).filter((h) => !seen.has(h) && seen.add(h)));
    }
  }
  return hosts;
}

/**
 * Splits on `,` when there is one; otherwise on `:` outside brackets (so `web[0:2]` stays whole),
 * keeping `host:port` whole, as Ansible's split_host_pattern does.
 */
function splitTerms(pattern: string): string[] {
  const trimmed = pattern.trim();
  if (trimmed.includes(',')) return trimmed.split(',').map((t) => t.trim()).filter(Boolean);
  if (/^[^:[\]\s]+:\d+$/.test(trimmed)) return [trimmed];
  return (trimmed.match(/(?:[^\s:[\]]|\[[^\]]*\])+/g) ?? []).map((t) => t.trim()).filter(Boolean);
}

const SUBSCRIPT = /^(.+)\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]+)?)\]$/;

function matchTerm(inventory: Inventory, term: string): string[] {
  if (inventory.hosts.has(term)) return [term];
  const subscript = term.startsWith('~') ? undefined : SUBSCRIPT.exec(term);
  const expression = subscript ? subscript[1]! : term;
  const matched = enumerate(inventory, expression);
  // Ansible's implicit localhost: named, and not in the inventory, it is the controller itself.
  // (127.0.0.1 and ::1 name it too, and it is called localhost whichever name was used.)
  if (matched.length === 0 && ['localhost', '127.0.0.1', '::1'].includes(expression) && inventory.implicit?.has('localhost')) matched.push('localhost');
  if (matched.length === 0) {
    const groupNames = [...inventory.groups.keys()].filter((g) => g !== 'ungrouped');
    const near = nearMatches(expression, [...groupNames, ...inventory.hosts.keys()]);
    const hint = near.length > 0 ? `; did you mean ${near.join(' or ')}?` : '';
    throw new PatternError(`"${term}" matches no host or group in the inventory${hint} (groups: ${groupNames.join(', ')})`);
  }
  if (!subscript) return matched;
  const [, , index, start, separator, end] = subscript;
  if (separator === '-') throw new PatternError(`"${term}": write the range as [${start}:${end ?? ''}] (Ansible removed [x-y])`);
  if (index !== undefined) {
    const at = Number(index) < 0 ? matched.length + Number(index) : Number(index);
    if (at < 0 || at >= matched.length) throw new PatternError(`"${term}": no host at that position (${expression} has ${matched.length})`);
    return [matched[at]!];
  }
  // Ansible's slice: the end is inclusive, a missing end means the last; an end of 0 means "one host".
  const last = end === undefined ? matched.length - 1 : Number(end);
  if (last === 0) return matched.slice(Number(start), Number(start) + 1);
  return matched.slice(Number(start), last + 1);
}

/** Names within two edits of a misspelt term (at most three, closest first). */
export function nearMatches(term: string, names: string[]): string[] {
  const distance = (a: string, b: string): number => {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const current = [i];
      for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
    return previous[b.length]!;
  };
  return names.map((name) => [name, distance(term, name)] as const).filter(([, d]) => d <= 2).sort((x, y) => x[1] - y[1]).slice(0, 3).map(([name]) => name);
}

/** Groups whose name matches contribute their hosts; hosts match by name too where Ansible looks. */
function enumerate(inventory: Inventory, expression: string): string[] {
  const matches = matcher(expression);
  const results: string[] = [];
  const seen = new Set<string>();
  const add = (host: string) => {
    if (!seen.has(host)) results.push(host);
    seen.add(host);
  };
  const groups = [...inventory.groups.keys()].filter((name) => matches(name));
  for (const name of groups) groupHosts(inventory, inventory.groups.get(name)!).forEach(add);
  if (groups.length === 0 || expression.startsWith('~') || /[.?*[]/.test(expression)) {
    for (const host of inventory.hosts.keys()) if (matches(host)) add(host);
  }
  return results;
}

/**
 * A group's hosts: its own, then those of its descendants, level by level, children in the order
 * written. ansible-core walks the descendants through a set, so below the first level its order
 * changes from run to run (hash randomisation); this is one of its orders, always the same one.
 * `all` walks its child groups in ansible-core's order (allChildGroups).
 */
function groupHosts(inventory: Inventory, group: InventoryGroup): string[] {
  if (group.name === 'all') {
    // `all` holds every host in corectl's model; ansible-core's holds only the hosts written under
    // it (ungrouped ones, which `ungrouped` lists first anyway), so its child groups order it.
    const hosts = groupHosts(inventory, { ...group, name: '(all)', hosts: [], children: allChildGroups(inventory) });
    return [...new Set([...hosts, ...inventory.hosts.keys()])];
  }
  const ordered: InventoryGroup[] = [group];
  const seen = new Set([group.name]);
  for (let i = 0; i < ordered.length; i++) {
    for (const child of ordered[i]!.children) {
      const childGroup = inventory.groups.get(child);
      if (childGroup && !seen.has(child)) {
        seen.add(child);
        ordered.push(childGroup);
      }
    }
  }
  return [...new Set(ordered.flatMap((g) => g.hosts))];
}

/** `~regex` is a Python regular expression matched at the start; anything else is an fnmatch pattern. */
function matcher(expression: string): (name: string) => boolean {
  if (expression.startsWith('~')) {
    let regex: RegExp;
    try {
      const compiled = compilePythonRegex(expression.slice(1)).regex;
      regex = new RegExp(`^(?:${compiled.source})`, compiled.flags.replace('g', ''));
    } catch (error) {
      if (error instanceof PythonRegexError || error instanceof SyntaxError) throw new PatternError(`"${expression}": not a valid pattern (${error.message})`);
      throw error;
    }
    return (name) => regex.test(name);
  }
  if (!/[*?[]/.test(expression)) return (name) => name === expression;
  const regex = fnmatchRegex(expression);
  return (name) => regex.test(name);
}

/** Python's fnmatch.translate: `*`, `?`, `[seq]` and `[!seq]`; an unclosed `[` is a literal. */
function fnmatchRegex(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') source += '[\\s\\S]*';
    else if (c === '?') source += '[\\s\\S]';
    else if (c === '[') {
      let j = i + 1;
      if (pattern[j] === '!') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j++;
      if (j >= pattern.length) source += '\\[';
      else {
        let set = pattern.slice(i + 1, j).replaceAll('\\', '\\\\');
        if (set.startsWith('!')) set = `^${set.slice(1)}`;
        else if (set.startsWith('^')) set = `\\${set}`;
        source += `[${set}]`;
        i = j;
      }
    } else source += c.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  try {
    return new RegExp(`^(?:${source})$`);
  } catch (error) {
    throw new PatternError(`"${pattern}": not a valid pattern (${(error as Error).message.replace(/^Invalid regular expression: /, '')})`);
  }
}
