// Variable precedence, lowest first, as ansible-core applies it: the inventory files' group vars
// (group `all`, then parents before children; groups of one depth by ansible_group_priority, then
// by name byte for byte), then group_vars/ files in the same group order (all of them beat every
// inventory file's group vars), then the host's vars in inventory files, then host_vars/ files.
// ansible_group_priority in an inventory file orders groups and is not a var of the host; in a
// group_vars/ file it is an ordinary var and orders nothing (ansible-core loads those files later).
import { ANSIBLE_VAR_FIELDS, connectionFromAnsibleVars, setConnectionField, type ConnectionFields, type HostKeySettings } from './connection-fields.ts';
import { InventoryError } from './inventory-error.ts';
import { hasTemplate, renderValue, TemplateError } from './render-templates.ts';
import type { SourceLocation } from './inventory-error.ts';
import type { Inventory, InventoryGroup, VarLayer } from './inventory-model.ts';

export interface ResolvedHost {
  name: string;
  /** Every group the host belongs to, directly or through children, `all` included. */
  groups: string[];
  vars: Record<string, unknown>;
  /** Where each var's winning value was written. */
  origins: Record<string, SourceLocation>;
  /** Vars whose winning value came from corectl's own format: never rendered as templates. */
  literal: Set<string>;
  connection: ConnectionFields;
  /** Where each connection field's winning value was written (an ansible.cfg line included). */
  connectionOrigins: Partial<Record<keyof ConnectionFields, SourceLocation>>;
  /** How this host's key is checked, where its own vars say so, and which var said it. */
  hostKeys?: Omit<HostKeySettings, 'name'> & { origin: string };
}

export function resolveHost(inventory: Inventory, name: string): ResolvedHost {
  const host = inventory.hosts.get(name) ?? inventory.implicit?.get(name);
  if (!host) throw new Error(`no host named ${name} in the inventory`);
  const { depth, members } = indexOf(inventory);
  const groups = [...inventory.groups.values()].filter((group) => group.name === 'all' || members.get(group.name)!.has(name));
  groups.sort((a, b) => depth.get(a.name)! - depth.get(b.name)! || priority(a) - priority(b) || byteOrder(a.name, b.name));
  const groupLayers = groups.flatMap((group) => group.layers);
  const layers: VarLayer[] = [
    ...groupLayers.filter((l) => !l.varsFile), ...groupLayers.filter((l) => l.varsFile),
    ...host.layers.filter((l) => !l.varsFile), ...host.layers.filter((l) => l.varsFile),
  ];
  const vars: Record<string, unknown> = {};
  const origins: Record<string, SourceLocation> = {};
  const connection: ConnectionFields = {};
  const connectionOrigins: ResolvedHost['connectionOrigins'] = {};
  const literal = new Set<string>();
  for (const layer of layers) {
    // An inventory file's ansible_group_priority orders groups and is no var; a group_vars/ file's is only a var.
    const { ansible_group_priority: _priority, ...rest } = layer.vars;
    const values = layer.varsFile ? layer.vars : rest;
    Object.assign(vars, values);
    for (const key of Object.keys(values)) {
      origins[key] = layer.source;
      if (layer.literal) literal.add(key);
      else literal.delete(key);
    }
    if (layer.fromVars) continue;
    const fields = definedOnly(layer.connection);
    Object.assign(connection, fields);
    for (const key of Object.keys(fields) as (keyof ConnectionFields)[]) connectionOrigins[key] = layer.source;
  }
  // Extra vars (-e) beat every other var, connection vars included, as in Ansible.
  for (const [key, value] of Object.entries(inventory.extraVars?.vars ?? {})) {
    vars[key] = value;
    origins[key] = inventory.extraVars!.origins[key]!;
    literal.delete(key);
  }
  // ansible_* vars are taken from the merged vars, as Ansible's connection plugin reads them: of
  // ansible_user and ansible_ssh_user both set (at any level), the later name in its list wins.
  const fromVars = connectionFromAnsibleVars(vars, inventory.sshArgDefaults?.args);
  for (const [key, value] of Object.entries(fromVars.fields) as [keyof ConnectionFields, never][]) {
    connection[key] = value;
    const origin = fromVars.names[key] ? origins[fromVars.names[key]] : key === 'proxyJump' ? inventory.sshArgDefaults?.source : undefined;
    if (origin) connectionOrigins[key] = origin;
  }
  renderConnection(connection, connectionOrigins, vars, name, origins);
  const { name: said, ...hostKeys } = fromVars.hostKeys;
  const hostKeyOrigin = said && origins[said];
  return {
    name, groups: groups.map((g) => g.name), vars, origins, literal, connection, connectionOrigins,
    ...(said && { hostKeys: { ...hostKeys, origin: hostKeyOrigin ? `${said} (${hostKeyOrigin.file}${hostKeyOrigin.line > 0 ? `:${hostKeyOrigin.line}` : ''})` : said } }),
  };
}

/**
 * `ansible_host: "{{ inventory_hostname }}.lan"`: connection fields written as templates are
 * rendered with the host's merged vars, or refused where they were written, never used as text.
 */
function renderConnection(connection: ConnectionFields, at: ResolvedHost['connectionOrigins'], vars: Record<string, unknown>, host: string, origins: Record<string, SourceLocation>): void {
  for (const [field, value] of Object.entries(connection) as [keyof ConnectionFields, unknown][]) {
    if (!hasTemplate(value)) continue;
    const where = at[field] ?? { file: '<inventory>', line: 0, column: 0 };
    let rendered: unknown;
    try {
      rendered = renderValue(value, vars, host);
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      const culprit = Object.keys(origins).find((name) => vars[name] === value && ANSIBLE_VAR_FIELDS[name] === field);
      throw new InventoryError(culprit ? origins[culprit]! : where, culprit ?? field, `${JSON.stringify(value)}: ${error.message}`);
    }
    const problem = setConnectionField(connection as Record<string, unknown>, field, rendered);
    if (problem) throw new InventoryError(where, field, `${JSON.stringify(value)} renders to ${JSON.stringify(rendered)}: ${problem}`);
  }
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function priority(group: InventoryGroup): number {
  const value = group.layers.findLast((l) => !l.varsFile && l.vars.ansible_group_priority !== undefined)?.vars.ansible_group_priority;
  return Number(value ?? 1);
}

interface InventoryIndex {
  depth: Map<string, number>;
  /** Every host of each group, its own and its descendants'. */
  members: Map<string, Set<string>>;
}

// Group depths and memberships are the same for every host: worked out once per inventory (a
// 5,000-host inventory resolves every host for `corectl inventory --list`).
const indexes = new WeakMap<Inventory, InventoryIndex>();

function indexOf(inventory: Inventory): InventoryIndex {
  let index = indexes.get(inventory);
  if (!index) {
    const members = new Map<string, Set<string>>();
    const collect = (name: string, trail: Set<string>): Set<string> => {
      const known = members.get(name);
      if (known) return known;
      const group = inventory.groups.get(name);
      const hosts = new Set(group?.hosts ?? []);
      trail.add(name);
      for (const child of group?.children ?? []) if (!trail.has(child)) for (const host of collect(child, trail)) hosts.add(host);
      trail.delete(name);
      members.set(name, hosts);
      return hosts;
    };
    for (const name of inventory.groups.keys()) collect(name, new Set());
    index = { depth: groupDepths(inventory), members };
    indexes.set(inventory, index);
  }
  return index;
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
