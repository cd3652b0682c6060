// Host patterns as Ansible users know them: `all` or `*`, a group, a host, wildcards (`web*`),
// regular expressions (`~web\d+`), and combinations `a:b` (or `a,b`), `a:&b`, `a:!b`.
// As in Ansible, unions are taken first, then intersections, then exclusions; the result keeps
// inventory order. A term that matches nothing is an error, because it is nearly always a typo.
import type { Inventory } from './inventory-model.ts';
import { containsHost } from './resolve-host.ts';

export class PatternError extends Error {
  override readonly name = 'PatternError';
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
  const union = new Set<string>();
  const intersections: Set<string>[] = [];
  const exclusions = new Set<string>();
  for (const term of terms) {
    if (term.startsWith('&')) intersections.push(new Set(matchTerm(inventory, term.slice(1))));
    else if (term.startsWith('!')) matchTerm(inventory, term.slice(1)).forEach((h) => exclusions.add(h));
    else matchTerm(inventory, term).forEach((h) => union.add(h));
  }
  return [...inventory.hosts.keys()].filter(
    (host) => union.has(host) && intersections.every((set) => set.has(host)) && !exclusions.has(host),
  );
}

/** Splits on `,` and on `:` (but not inside a `~regex`, nor IPv6-looking terms with `::`). */
function splitTerms(pattern: string): string[] {
  const separator = pattern.includes(',') || pattern.includes('~') ? /,/ : /:/;
  return pattern
    .split(separator)
    .map((term) => term.trim())
    .filter(Boolean);
}

function matchTerm(inventory: Inventory, term: string): string[] {
  const hosts = [...inventory.hosts.keys()];
  if (term === 'all' || term === '*') return hosts;
  const group = inventory.groups.get(term);
  if (group) return hosts.filter((host) => containsHost(inventory, group, host));
  if (inventory.hosts.has(term)) return [term];
  let regex: RegExp | undefined;
  if (/\[-?\d*(:-?\d*)?\]$/.test(term) && !term.startsWith('~')) {
    throw new PatternError(`"${term}": subscripts of a group (group[0], group[1:]) are not supported yet; name the hosts, or use a regular expression (~...)`);
  }
  if (term.startsWith('~')) regex = patternRegex(term.slice(1), term);
  else if (/[*?[]/.test(term)) regex = wildcard(term);
  if (regex) {
    const groups = [...inventory.groups.values()].filter((g) => regex.test(g.name));
    const matched = hosts.filter((host) => regex.test(host) || groups.some((g) => containsHost(inventory, g, host)));
    if (matched.length > 0) return matched;
  }
  const groupNames = [...inventory.groups.keys()].filter((g) => g !== 'ungrouped').join(', ');
  throw new PatternError(`"${term}" matches no host or group in the inventory (groups: ${groupNames})`);
}

function wildcard(term: string): RegExp {
  const source = term.replace(/[.+^${}()|\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.');
  return patternRegex(`^${source}$`, term);
}

function patternRegex(source: string, term: string): RegExp {
  try {
    return new RegExp(source);
  } catch (error) {
    throw new PatternError(`"${term}": not a valid pattern (${(error as Error).message.replace(/^Invalid regular expression: /, '')})`);
  }
}
