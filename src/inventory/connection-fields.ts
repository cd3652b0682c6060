// How to reach a host, as written in an inventory: corectl's own field names, and the ansible_*
// variables that people migrating from Ansible already have in their host_vars and group_vars.
import { z } from 'zod';
import { readSshArgs } from '../ansible-config/ssh-args.ts';
import { hasTemplate } from './render-templates.ts';

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

/** How a host's key is checked, where its inventory says so itself (Ansible's per-host ssh args). */
export interface HostKeySettings {
  check?: 'strict' | 'accept-new' | 'off';
  knownHostsFiles?: string[];
  /** The var that said it. */
  name?: string;
}

/** ansible.cfg's ssh args by setting, each replaced by the host's var of the same meaning. */
export type SshArgDefaults = Partial<Record<'ssh_args' | 'ssh_common_args' | 'ssh_extra_args', string>>;

const SSH_ARGS: readonly (readonly [string, keyof SshArgDefaults])[] = [
  ['ansible_ssh_args', 'ssh_args'], ['ansible_ssh_common_args', 'ssh_common_args'], ['ansible_ssh_extra_args', 'ssh_extra_args'],
];
const HOST_KEY_CHECKING_VARS = ['ansible_ssh_host_key_checking', 'ansible_host_key_checking'];

/**
 * Reads ansible_* connection variables (strings in INI files) into connection fields. ssh args are
 * read as the command line Ansible gives ssh: ssh_args, then `-o StrictHostKeyChecking=no` when
 * host key checking is off, then the common args, then the extra args, each from the host's var or
 * else ansible.cfg; ssh keeps the first value of each option.
 */
export function connectionFromAnsibleVars(vars: Record<string, unknown>, sshDefaults: SshArgDefaults = {}): {
  fields: ConnectionFields;
  errors: string[];
  names: Partial<Record<keyof ConnectionFields, string>>;
  hostKeys: HostKeySettings;
} {
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
  const hostKeys: HostKeySettings = {};
  let checkSaid = false;
  let filesSaid = false;
  const checking = HOST_KEY_CHECKING_VARS.find((name) => vars[name] !== undefined && vars[name] !== null);
  for (const [index, [name, setting]] of SSH_ARGS.entries()) {
    const own = typeof vars[name] === 'string' ? (vars[name] as string) : undefined;
    const args = own ?? sshDefaults[setting];
    if (args !== undefined) {
      const { settings } = readSshArgs(args);
      // `-o ProxyJump=bastion` or `-J bastion`: the usual way sites reach hosts behind a bastion.
      if (settings.jump && !fields.proxyJump) {
        fields.proxyJump = settings.jump;
        if (own !== undefined) names.proxyJump = name;
      }
      // What ansible.cfg says first is the run's setting already; only a host's own var is news.
      if (settings.hostKeyCheck && !checkSaid) {
        checkSaid = true;
        if (own !== undefined) Object.assign(hostKeys, { check: settings.hostKeyCheck, name: hostKeys.name ?? name });
      }
      if (settings.knownHostsFiles && !filesSaid) {
        filesSaid = true;
        if (own !== undefined) Object.assign(hostKeys, { knownHostsFiles: settings.knownHostsFiles, name: hostKeys.name ?? name });
      }
    }
    if (index === 0 && checking && !checkSaid) {
      checkSaid = true;
      const on = parseAnsibleBoolean(vars[checking]);
      if (on === undefined) errors.push(`${checking}: expected a boolean, got ${JSON.stringify(vars[checking])}`);
      else Object.assign(hostKeys, { check: on ? 'strict' : 'off', name: checking });
    }
  }
  return { fields: fields as ConnectionFields, errors, names, hostKeys };
}

/**
 * Connection settings corectl cannot honour are refused, never ignored: ignoring them would reach
 * the host another way than the inventory says (or not the host it means at all).
 */
function unsupportedConnectionVars(vars: Record<string, unknown>): string[] {
  const errors: string[] = [];
  const method = vars.ansible_become_method;
  if (method !== undefined && String(method) !== 'sudo') errors.push(`ansible_become_method: "${String(method)}" is not supported; corectl becomes another user with sudo only`);
  for (const [name] of SSH_ARGS) {
    const args = vars[name];
    if (typeof args !== 'string') continue;
    const { refused } = readSshArgs(args);
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

