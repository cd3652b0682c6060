// Variable precedence, lowest first: group `all` < parent groups < child groups < the host.
// Groups at the same depth are ordered by ansible_group_priority, then by name (as in Ansible).
// Within one group or host, later layers win: the inventory file, then group_vars/host_vars files.
import type { ConnectionFields } from './connection-fields.ts';
import type { Inventory, InventoryGroup, VarLayer } from './inventory-model.ts';

export interface ResolvedHost {
  name: string;
  /** Every group the host belongs to, directly or through children, `all` included. */
  groups: string[];
  vars: Record<string, unknown>;
  connection: ConnectionFields;
}

export function resolveHost(inventory: Inventory, name: string): ResolvedHost {
  const host = inventory.hosts.get(name);
  if (!host) throw new Error(`no host named ${name} in the inventory`);
  const depth = groupDepths(inventory);
  const groups = [...inventory.groups.values()].filter((group) => containsHost(inventory, group, name));
  groups.sort(
    (a, b) => depth.get(a.name)! - depth.get(b.name)! || priority(a) - priority(b) || a.name.localeCompare(b.name),
  );
  const layers: VarLayer[] = [...groups.flatMap((group) => group.layers), ...host.layers];
  const vars: Record<string, unknown> = {};
  const connection: ConnectionFields = {};
  for (const layer of layers) {
    Object.assign(vars, layer.vars);
    Object.assign(connection, definedOnly(layer.connection));
  }
  return { name, groups: groups.map((g) => g.name), vars, connection };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function priority(group: InventoryGroup): number {
  const value = group.layers.findLast((l) => l.vars.ansible_group_priority !== undefined)?.vars.ansible_group_priority;
  return Number(value ?? 1);
}

/** Whether a group holds the host itself or through any of its child groups. */
export function containsHost(inventory: Inventory, group: InventoryGroup, host: string, seen = new Set<string>()): boolean {
  if (group.name === 'all' || group.hosts.includes(host)) return true;
  seen.add(group.name);
  return group.children.some((child) => {
    const childGroup = inventory.groups.get(child);
    return !!childGroup && !seen.has(child) && containsHost(inventory, childGroup, host, seen);
  });
}

/** Depth of each group below `all`: a child is deeper than every parent it has. */
function groupDepths(inventory: Inventory): Map<string, number> {
  const depth = new Map<string, number>();
  const visit = (name: string, d: number): void => {
    if ((depth.get(name) ?? -1) >= d) return;
    depth.set(name, d);
    for (const child of inventory.groups.get(name)?.children ?? []) visit(child, d + 1);
  };
  for (const name of inventory.groups.keys()) visit(name, name === 'all' ? 0 : 1);
  return depth;
}
