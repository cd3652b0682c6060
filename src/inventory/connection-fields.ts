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
  for (const name of Object.keys(ANSIBLE_CONNECTION_VARS)) {
    // Never connect to a template's text: `{{ ... }}` here would be taken literally as an address.
    if (typeof vars[name] === 'string' && /\{\{|\{%/.test(vars[name])) errors.push(`${name}: ${JSON.stringify(vars[name])} is a Jinja template; corectl does not render templates in inventories: write the value itself`);
  }
  errors.push(...unsupportedConnectionVars(vars));
  const jump = proxyJumpFromSshArgs(vars.ansible_ssh_common_args ?? vars.ansible_ssh_extra_args);
  if (jump) fields.jump = jump;
  return { fields: fields as ConnectionFields, errors };
}

/**
 * Connection settings corectl cannot honour are refused, never ignored: ignoring them would reach
 * the host another way than the inventory says (or not the host it means at all).
 */
function unsupportedConnectionVars(vars: Record<string, unknown>): string[] {
  const errors: string[] = [];
  const connection = vars.ansible_connection;
  if (connection !== undefined && !['ssh', 'smart', 'paramiko'].includes(String(connection))) {
    errors.push(`ansible_connection: "${String(connection)}" is not supported; corectl connects over SSH only`);
  }
  const method = vars.ansible_become_method;
  if (method !== undefined && String(method) !== 'sudo') errors.push(`ansible_become_method: "${String(method)}" is not supported; corectl becomes another user with sudo only`);
  for (const name of ['ansible_ssh_common_args', 'ansible_ssh_extra_args', 'ansible_ssh_args']) {
    const args = vars[name];
    if (typeof args !== 'string') continue;
    const option = /-o\s*['"]?(ProxyCommand|UserKnownHostsFile|StrictHostKeyChecking|GlobalKnownHostsFile|Port|User|IdentityFile)\b/i.exec(args)?.[1];
    const hint: Record<string, string> = {
      proxycommand: 'use ProxyJump (-J host) instead, which corectl follows',
      userknownhostsfile: 'give the file with --known-hosts',
      globalknownhostsfile: 'give the file with --known-hosts',
      stricthostkeychecking: 'use --host-key-check strict|accept-new|off',
      port: 'use ansible_port', user: 'use ansible_user', identityfile: 'use ansible_ssh_private_key_file',
    };
    if (option) errors.push(`${name}: -o ${option} is not read by corectl; ${hint[option.toLowerCase()]}`);
  }
  return errors;
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
