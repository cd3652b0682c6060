// How to reach a host, as written in an inventory: corectl's own field names, and the ansible_*
// variables that people migrating from Ansible already have in their host_vars and group_vars.
import { z } from 'zod';

export const connectionFieldsSchema = z.strictObject({
  /** IP address or DNS name to connect to; defaults to the host's inventory name. */
  address: z.string().min(1).optional(),
  port: z.number().int().min(1).max(65535).optional(),
  /** Login user; defaults to `core`, as on Fedora CoreOS. */
  user: z.string().min(1).optional(),
  identityFile: z.string().min(1).optional(),
  /** Previous hop: an inventory host name, or `user@host:port`. */
  jump: z.string().min(1).optional(),
  become: z.boolean().optional(),
  becomeUser: z.string().min(1).optional(),
});

export type ConnectionFields = z.infer<typeof connectionFieldsSchema>;

const ANSIBLE_CONNECTION_VARS = {
  ansible_host: 'address',
  ansible_ssh_host: 'address',
  ansible_port: 'port',
  ansible_ssh_port: 'port',
  ansible_user: 'user',
  ansible_ssh_user: 'user',
  ansible_ssh_private_key_file: 'identityFile',
  ansible_private_key_file: 'identityFile',
  ansible_become: 'become',
  ansible_become_user: 'becomeUser',
} as const satisfies Record<string, keyof ConnectionFields>;

/** Reads ansible_* connection variables (strings in INI files) into connection fields. */
export function connectionFromAnsibleVars(vars: Record<string, unknown>): { fields: ConnectionFields; errors: string[] } {
  const fields: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const [name, field] of Object.entries(ANSIBLE_CONNECTION_VARS)) {
    const value = vars[name];
    if (value === undefined || value === null) continue;
    if (field === 'port') {
      const port = Number(value);
      if (Number.isInteger(port) && port > 0 && port < 65536) fields.port = port;
      else errors.push(`${name}: expected a port number, got ${JSON.stringify(value)}`);
    } else if (field === 'become') {
      const become = parseAnsibleBoolean(value);
      if (become === undefined) errors.push(`${name}: expected a boolean, got ${JSON.stringify(value)}`);
      else fields.become = become;
    } else fields[field] = String(value);
  }
  const jump = proxyJumpFromSshArgs(vars.ansible_ssh_common_args ?? vars.ansible_ssh_extra_args);
  if (jump) fields.jump = jump;
  return { fields: fields as ConnectionFields, errors };
}

/** Ansible's truthy and falsy spellings (yes/no, true/false, on/off, 1/0). */
export function parseAnsibleBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const text = String(value).toLowerCase();
  if (['yes', 'true', 'on', '1', 'y', 't'].includes(text)) return true;
  if (['no', 'false', 'off', '0', 'n', 'f'].includes(text)) return false;
  return undefined;
}

/** `-o ProxyJump=bastion` or `-J bastion` in ansible_ssh_common_args, the usual migration case. */
function proxyJumpFromSshArgs(args: unknown): string | undefined {
  if (typeof args !== 'string') return undefined;
  return /(?:-o\s*ProxyJump[=\s]|-J\s*)([^\s'"]+)/i.exec(args)?.[1];
}
