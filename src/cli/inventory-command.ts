// `corectl inventory [--list | --graph | --host NAME | --list-hosts PATTERN]`: shows what corectl reads from an
// inventory, in the shapes ansible-inventory prints, so migrations can be compared side by side.
import { parseArgs } from 'node:util';
import type { Inventory } from '../inventory/inventory-model.ts';
import { selectHosts } from '../inventory/patterns.ts';
import { resolveHost } from '../inventory/resolve-host.ts';
import { redactDeep } from '../secrets/sensitive-values.ts';
import { vaultOptionSpec } from '../secrets/vault-secrets.ts';
import { loadSiteInventory } from './connection-options.ts';
import { ExitCode } from './exit-codes.ts';
import { UsageError } from './usage-error.ts';

export async function inventoryCommand(argv: string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { ...vaultOptionSpec, inventory: { type: 'string', short: 'i', multiple: true }, list: { type: 'boolean' }, graph: { type: 'boolean' }, host: { type: 'string' }, 'list-hosts': { type: 'string' }, limit: { type: 'string', short: 'l' }, verbose: { type: 'boolean', short: 'v' } },
  });
  const { inventory } = await loadSiteInventory(values, {
    warn: (w) => process.stderr.write(`warning: ${w}\n`),
    info: values.verbose ? (m) => process.stderr.write(`${m}\n`) : undefined,
  });
  if (values['list-hosts'] !== undefined) {
    // As `ansible PATTERN --list-hosts`, in the order the pattern selects them.
    const hosts = selectHosts(inventory, values['list-hosts'], values.limit);
    out.write(`  hosts (${hosts.length}):\n${hosts.map((h) => `    ${h}\n`).join('')}`);
  } else if (values.host !== undefined) {
    if (!inventory.hosts.has(values.host)) throw new UsageError(`no host named "${values.host}" in the inventory`);
    const host = resolveHost(inventory, values.host);
    // Vault and secrets-file values are masked here as everywhere corectl prints.
    out.write(`${JSON.stringify(redactDeep({ groups: host.groups, connection: host.connection, vars: host.vars }), null, 2)}\n`);
  } else if (values.graph) {
    out.write(graph(inventory, 'all', 0));
  } else {
    out.write(`${JSON.stringify(redactDeep(listing(inventory)), null, 2)}\n`);
  }
  return ExitCode.ok;
}

/** ansible-inventory --list: groups with hosts and children, hostvars under _meta. */
function listing(inventory: Inventory) {
  const result: Record<string, unknown> = {};
  for (const group of inventory.groups.values()) {
    const direct = group.name === 'all' ? [] : group.hosts;
    result[group.name] = { hosts: direct, children: group.name === 'all' ? topLevelGroups(inventory) : group.children };
  }
  const hostvars = Object.fromEntries([...inventory.hosts.keys()].map((name) => [name, resolveHost(inventory, name).vars]));
  result._meta = { hostvars };
  return result;
}

function topLevelGroups(inventory: Inventory): string[] {
  const children = new Set([...inventory.groups.values()].flatMap((g) => g.children));
  return [...inventory.groups.keys()].filter((name) => name !== 'all' && !children.has(name));
}

/** ansible-inventory --graph: an indented tree of groups (@name) and hosts. */
function graph(inventory: Inventory, name: string, depth: number): string {
  const group = inventory.groups.get(name)!;
  const indent = '  '.repeat(depth);
  const children = name === 'all' ? topLevelGroups(inventory) : group.children;
  const hosts = name === 'all' ? [] : group.hosts;
  if (name === 'ungrouped' && hosts.length === 0) return '';
  return [
    `${indent}@${name}:\n`,
    ...children.map((child) => graph(inventory, child, depth + 1)),
    ...hosts.map((host) => `${indent}  ${host}\n`),
  ].join('');
}
