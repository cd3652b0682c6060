// corectl's own inventory format: hosts with their connection fields, groups that list hosts and
// child groups, variables at each level, and run-wide `defaults`. See README "Inventory".
import { z } from 'zod';
import { connectionFieldsSchema } from './connection-fields.ts';
import { InventoryError } from './inventory-error.ts';
import type { InventoryBuilder } from './inventory-model.ts';
import { validateYaml, type YamlSource } from './yaml-source.ts';

const varsSchema = z.record(z.string(), z.unknown());

const hostSchema = connectionFieldsSchema.extend({ vars: varsSchema.optional() }).strict();

const groupSchema = connectionFieldsSchema
  .omit({ address: true })
  .extend({
    hosts: z.array(z.string().min(1)).optional(),
    children: z.array(z.string().min(1)).optional(),
    vars: varsSchema.optional(),
  })
  .strict();

const defaultsSchema = connectionFieldsSchema
  .omit({ address: true })
  .extend({
    hostKeyCheck: z.enum(['strict', 'accept-new', 'off']).optional(),
    /** known_hosts file(s), relative to the inventory file. */
    knownHosts: z.union([z.string(), z.array(z.string())]).optional(),
  })
  .strict();

export const corectlInventorySchema = z.strictObject({
  defaults: defaultsSchema.optional(),
  vars: varsSchema.optional(),
  hosts: z.record(z.string(), hostSchema.nullable()).optional(),
  groups: z.record(z.string(), groupSchema.nullable()).optional(),
});

export type CorectlInventoryFile = z.infer<typeof corectlInventorySchema>;

/** A YAML inventory is corectl's own when its top-level keys are only these. */
export function isCorectlInventory(value: unknown): boolean {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => ['defaults', 'vars', 'hosts', 'groups'].includes(key));
}

export function loadCorectlInventory(source: YamlSource, builder: InventoryBuilder, resolvePath: (p: string) => string): void {
  const inventory = validateYaml(source, corectlInventorySchema);
  const { knownHosts, hostKeyCheck, ...allConnection } = inventory.defaults ?? {};
  // Key files are relative to the inventory file, wherever corectl is started from.
  const withKeyPath = <T extends { identityFile?: string }>(c: T): T => (c.identityFile ? { ...c, identityFile: resolvePath(c.identityFile) } : c);
  if (hostKeyCheck) builder.settings.hostKeyCheck = hostKeyCheck;
  if (knownHosts) builder.settings.knownHosts = [knownHosts].flat().map(resolvePath);
  builder.group('all').layers.push({ vars: inventory.vars ?? {}, connection: withKeyPath(allConnection), source: source.locate(['defaults']), literal: true });

  for (const [name, entry] of Object.entries(inventory.hosts ?? {})) {
    const at = source.locate(['hosts', name]);
    if (builder.hosts.has(name)) throw new InventoryError(at, `hosts.${name}`, `host "${name}" is defined twice (also at ${builder.hosts.get(name)!.source.file}:${builder.hosts.get(name)!.source.line})`);
    const { vars, ...connection } = entry ?? {};
    const host = builder.host(name, at);
    host.corectlFormat = true;
    host.layers.push({ vars: vars ?? {}, connection: withKeyPath(connection), source: at, literal: true });
  }
  for (const [name, entry] of Object.entries(inventory.groups ?? {})) {
    const at = source.locate(['groups', name]);
    const { hosts, children, vars, ...connection } = entry ?? {};
    const group = builder.group(name, at);
    group.layers.push({ vars: vars ?? {}, connection: withKeyPath(connection), source: at, literal: true });
    (hosts ?? []).forEach((host, index) => builder.requireHost(name, host, source.locate(['groups', name, 'hosts', index])));
    (children ?? []).forEach((child, index) => builder.addChild(name, child, source.locate(['groups', name, 'children', index])));
  }
}
