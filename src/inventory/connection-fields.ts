// How to reach a host, as written in an inventory: corectl's own field names, and the ansible_*
// variables that people migrating from Ansible already have in their host_vars and group_vars.
import { z } from 'zod';
import { readSshArgs } from '../ansible-config/ssh-args.ts';
import { hasTemplate } from './render-templates.ts';

const SSH_ARG_VARS = ['ansible_ssh_args', 'ansible_ssh_common_args', 'ansible_ssh_extra_args'];

export const connectionFieldsSchema = z.strictObject({
  /** IP address or DNS name to connect to; defaults to the host's inventory name. */
  address: z.string().min(1).optional(),
  port: z.number().int().min(1).max(65535).optional(),
  /** Login user; defaults to `core`, as on Fedora CoreOS. */
  user: z.string().min(1).optional(),
  identityFile: z.string().min(1).optional(),
  /** Previous hop: an inventory host name, or `user@host:port`. */
  jump: z.string().min(1).optional(),
  /**
   * A ProxyJump from Ansible's ssh args: read as ssh reads it (`[user@]host[:port]`, completed from
   * ~/.ssh/config, your own login name by default), never as an inventory host.
   */
  proxyJump: z.string().min(1).optional(),
  become: z.boolean().optional(),
  becomeUser: z.string().min(1).optional(),
  /** `local`: the controller itself, without SSH (Ansible's ansible_connection=local). */
  connection: z.enum(['ssh', 'local']).optional(),
});

export type ConnectionFields = z.infer<typeof connectionFieldsSchema>;

export const ANSIBLE_VAR_FIELDS: Readonly<Record<string, keyof ConnectionFields>> = {
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
  ansible_connection: 'connection',
};

/** Reads ansible_* connection variables (strings in INI files) into connection fields. */
export function connectionFromAnsibleVars(vars: Record<string, unknown>): { fields: ConnectionFields; errors: string[]; names: Partial<Record<keyof ConnectionFields, string>> } {
  const fields: Record<string, unknown> = {};
  const names: Partial<Record<keyof ConnectionFields, string>> = {};
  const errors: string[] = [];
  for (const [name, field] of Object.entries(ANSIBLE_VAR_FIELDS)) {
    const value = vars[name];
    if (value === undefined || value === null) continue;
    names[field] = name;
    // A template is kept as written and rendered with the host's merged vars (resolve-host.ts).
    if (typeof value === 'string' && hasTemplate(value)) fields[field] = value;
    else {
      const problem = setConnectionField(fields, field, value);
      if (problem) errors.push(`${name}: ${problem}`);
    }
  }
  errors.push(...unsupportedConnectionVars(vars));
  // `-o ProxyJump=bastion` or `-J bastion`: the usual way sites reach hosts behind a bastion.
  // ssh gets these in this order, and the first ProxyJump it is given is the one it uses.
  for (const name of SSH_ARG_VARS) {
    const jump = typeof vars[name] === 'string' ? readSshArgs(vars[name], false).settings.jump : undefined;
    if (jump && !fields.proxyJump) {
      fields.proxyJump = jump;
      names.proxyJump = name;
    }
  }
  return { fields: fields as ConnectionFields, errors, names };
}

/**
 * Connection settings corectl cannot honour are refused, never ignored: ignoring them would reach
 * the host another way than the inventory says (or not the host it means at all).
 */
function unsupportedConnectionVars(vars: Record<string, unknown>): string[] {
  const errors: string[] = [];
  const method = vars.ansible_become_method;
  if (method !== undefined && String(method) !== 'sudo') errors.push(`ansible_become_method: "${String(method)}" is not supported; corectl becomes another user with sudo only`);
  for (const name of ['ansible_host_key_checking', 'ansible_ssh_host_key_checking']) {
    if (vars[name] !== undefined) errors.push(`${name}: host keys are checked one way for a whole run; set host_key_checking in ansible.cfg or give --host-key-check`);
  }
  for (const name of SSH_ARG_VARS) {
    const args = vars[name];
    if (typeof args !== 'string') continue;
    const { refused } = readSshArgs(args, false);
    if (refused) errors.push(`${name}: ${refused}`);
  }
  return errors;
}

/** Sets one connection field from an Ansible var's value; returns what is wrong with it, if anything. */
export function setConnectionField(fields: Record<string, unknown>, field: keyof ConnectionFields, value: unknown): string | undefined {
  if (field === 'port') {
    const port = Number(value);
    if (Number.isInteger(port) && port > 0 && port < 65536) fields.port = port;
    else return `expected a port number, got ${JSON.stringify(value)}`;
  } else if (field === 'become') {
    const become = parseAnsibleBoolean(value);
    if (become === undefined) return `expected a boolean, got ${JSON.stringify(value)}`;
    fields.become = become;
  } else if (field === 'connection') {
    const kind = String(value) === 'local' ? 'local' : ['ssh', 'smart', 'paramiko'].includes(String(value)) ? 'ssh' : undefined;
    if (!kind) return `"${String(value)}" is not supported; corectl connects over SSH, or runs on the controller with "local"`;
    fields.connection = kind;
  } else fields[field] = String(value);
  return undefined;
}

/** Ansible's truthy and falsy spellings (yes/no, true/false, on/off, 1/0). */
export function parseAnsibleBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const text = String(value).toLowerCase();
  if (['yes', 'true', 'on', '1', 'y', 't'].includes(text)) return true;
  if (['no', 'false', 'off', '0', 'n', 'f'].includes(text)) return false;
  return undefined;
}

