// Ansible's YAML inventory: nested groups, each with `hosts` (name -> vars), `vars` and
// `children`. Host names may use ranges. ansible_* variables become connection fields.
import { z } from 'zod';
import { connectionFromAnsibleVars } from './connection-fields.ts';
import { expandHostRange, HostRangeError } from './host-range.ts';
import { InventoryError } from './inventory-error.ts';
import type { InventoryBuilder } from './inventory-model.ts';
import { validateYaml, type YamlSource } from './yaml-source.ts';

const varsSchema = z.record(z.string(), z.unknown());

interface AnsibleGroup {
  hosts?: Record<string, Record<string, unknown> | null> | null;
  vars?: Record<string, unknown> | null;
  children?: Record<string, AnsibleGroup | null> | null;
}

const groupSchema: z.ZodType<AnsibleGroup> = z.lazy(() =>
  z.strictObject({
    hosts: z.record(z.string(), varsSchema.nullable()).nullish(),
    vars: varsSchema.nullish(),
    children: z.record(z.string(), groupSchema.nullable()).nullish(),
  }),
);

const fileSchema = z.record(z.string(), groupSchema.nullable());

export function loadAnsibleYamlInventory(source: YamlSource, builder: InventoryBuilder): void {
  const groups = validateYaml(source, fileSchema);
  for (const [name, group] of Object.entries(groups)) addGroup(source, builder, name, group, [name]);
}

function addGroup(source: YamlSource, builder: InventoryBuilder, name: string, group: AnsibleGroup | null, path: string[]): void {
  const at = source.locate(path);
  const entry = builder.group(name, at);
  if (group?.vars) entry.layers.push(ansibleLayer(source, group.vars, [...path, 'vars']));
  for (const [pattern, vars] of Object.entries(group?.hosts ?? {})) {
    const hostPath = [...path, 'hosts', pattern];
    // `www1:2222` (and `[2001:db8::11]:2222`) as a host key: the name and its port, as Ansible reads it.
    const address = /^\[([0-9a-fA-F:.]*:[0-9a-fA-F:.]*)\](?::(\d+))?$|^([^:]+):(\d+)$/.exec(pattern);
    const port = address ? (address[2] ?? address[4]) : undefined;
    let names: string[];
    try {
      names = expandHostRange(address ? (address[1] ?? address[3])! : pattern);
    } catch (error) {
      if (error instanceof HostRangeError) throw new InventoryError(source.locate(hostPath), hostPath.join('.'), error.message);
      throw error;
    }
    for (const hostName of names) {
      const host = builder.host(hostName, source.locate(hostPath));
      if (port) host.layers.push({ vars: { ansible_port: Number(port) }, connection: { port: Number(port) }, source: source.locate(hostPath), fromVars: true });
      if (vars) host.layers.push(ansibleLayer(source, vars, hostPath));
      builder.addHostToGroup(name, hostName);
    }
  }
  for (const [childName, child] of Object.entries(group?.children ?? {})) {
    const childPath = [...path, 'children', childName];
    builder.addChild(name, childName, source.locate(childPath));
    addGroup(source, builder, childName, child, childPath);
  }
}

/** One layer of Ansible variables; a wrong ansible_* value is reported at its own line. */
export function ansibleLayer(source: YamlSource, vars: Record<string, unknown>, path: string[]) {
  const { fields, errors } = connectionFromAnsibleVars(vars);
  if (errors[0]) {
    const field = errors[0].split(':')[0]!;
    throw new InventoryError(source.locate([...path, field]), [...path, field].join('.'), errors[0].slice(field.length + 2));
  }
  return { vars, connection: fields, source: source.locate(path), fromVars: true };
}
