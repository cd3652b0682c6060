// `corectl inventory [--list | --graph | --host NAME | --list-hosts PATTERN]`: shows what corectl reads from an
// inventory, in the shapes ansible-inventory prints, so migrations can be compared side by side.
import { visibleText } from '../report/visible-text.ts';
import { parseArgs } from 'node:util';
import { allChildGroups, type Inventory } from '../inventory/inventory-model.ts';
import { selectHosts } from '../inventory/patterns.ts';
import { resolveHost } from '../inventory/resolve-host.ts';
import { redactDeep } from '../secrets/sensitive-values.ts';
import { vaultOptionSpec } from '../secrets/vault-secrets.ts';
import { loadSiteInventory } from './connection-options.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import { UsageError } from '../errors/usage-error.ts';

export const inventoryOptionSpec = { ...vaultOptionSpec, inventory: { type: 'string', short: 'i', multiple: true }, list: { type: 'boolean' }, graph: { type: 'boolean' }, host: { type: 'string' }, 'list-hosts': { type: 'string' }, limit: { type: 'string', short: 'l' }, verbose: { type: 'boolean', short: 'v' } } as const;

export async function inventoryCommand(argv: string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: inventoryOptionSpec,
  });
  const { inventory } = await loadSiteInventory(values, {
    warn: (w) => process.stderr.write(`warning: ${visibleText(w)}\n`),
    info: values.verbose ? (m) => process.stderr.write(`${m}\n`) : undefined,
  });
  if (values['list-hosts'] !== undefined) {
    // As `ansible PATTERN --list-hosts`, in the order the pattern selects them.
    const hosts = selectHosts(inventory, values['list-hosts'], values.limit);
    out.write(`  hosts (${hosts.length}):\n${hosts.map((h) => `    ${h}\n`).join('')}`);
  } else if (values.host !== undefined) {
    if (!inventory.hosts.has(values.host)) throw new UsageError(`no host named "${values.host}" in the inventory`);
    // The host's merged vars, as ansible-inventory --host prints them. Vault and secrets-file
    // values are masked here as everywhere corectl prints.
    out.write(`${ansibleJson(redactDeep(resolveHost(inventory, values.host).vars))}\n`);
  } else if (values.graph) {
    const start = positionals[0] ?? 'all';
    if (!inventory.groups.has(start)) throw new UsageError(`--graph takes a group name; there is no group "${start}"`);
    out.write(`${graph(inventory, start, 0).join('\n')}\n`);
  } else {
    out.write(`${ansibleJson(redactDeep(listing(inventory)))}\n`);
  }
  return ExitCode.ok;
}

/**
 * ansible-inventory --list: from `all` down, each group's direct hosts and children (empty ones
 * left out, a group with neither left out), then every host's vars under _meta.hostvars.
 */
function listing(inventory: Inventory) {
  const result: Record<string, unknown> = {};
  const seen = new Set<string>();
  const format = (name: string): void => {
    const group = inventory.groups.get(name)!;
    const entry: Record<string, string[]> = {};
    if (name !== 'all' && group.hosts.length > 0) entry.hosts = group.hosts;
    const children = name === 'all' ? allChildGroups(inventory) : group.children;
    if (children.length > 0) entry.children = children;
    if (Object.keys(entry).length > 0) result[name] = entry;
    for (const child of children) {
      if (seen.has(child)) continue;
      seen.add(child);
      format(child);
    }
  };
  format('all');
  const hostvars = Object.fromEntries([...inventory.hosts.keys()].map((name) => [name, resolveHost(inventory, name).vars]).filter(([, vars]) => Object.keys(vars as object).length > 0));
  result._meta = { hostvars };
  return result;
}

/** JSON as ansible-inventory writes it: keys sorted at every level, four-space indent. */
function ansibleJson(value: unknown): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])]));
    return v;
  };
  return JSON.stringify(sorted(value), null, 4);
}

/** `all`'s children: every group no other group (but `all`) holds, in the order they were made. */
/** ansible-inventory --graph [GROUP]: `@group:` lines and hosts, each level marked `  |--`. */
function graph(inventory: Inventory, name: string, depth: number): string[] {
  const group = inventory.groups.get(name)!;
  const line = (text: string, level: number) => (level ? `${'  |'.repeat(level)}--${text}` : text);
  const children = name === 'all' ? allChildGroups(inventory) : group.children;
  return [
    line(`@${name}:`, depth),
    ...children.flatMap((child) => graph(inventory, child, depth + 1)),
    ...(name === 'all' ? [] : group.hosts.map((host) => line(host, depth + 1))),
  ];
}
