// A site's ansible.cfg, found as ansible-core finds it (ANSIBLE_CONFIG, ./ansible.cfg unless the
// directory is world-writable, ~/.ansible.cfg, /etc/ansible/ansible.cfg), and the settings of it
// that decide how hosts are reached. ANSIBLE_* environment variables beat the file, as there.
// Settings that would make corectl reach hosts differently than Ansible does are refused.
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { AnsibleConfigError, configEntry, parseConfigIni, type ConfigSections } from './config-ini.ts';
import { expandHome } from '../connection/ssh-config.ts';
import { readSshArgs, type SshArgSettings } from './ssh-args.ts';

export { AnsibleConfigError } from './config-ini.ts';

type Kind = 'string' | 'path' | 'pathlist' | 'list' | 'boolean' | 'integer';

interface SettingSpec {
  kind: Kind;
  /** Later entries win, as in ansible-core's lists of ini entries and env vars. */
  ini: [section: string, key: string][];
  env: string[];
}

/** The settings corectl takes from ansible.cfg; every other one is listed as not used. */
const SETTINGS = {
  inventory: { kind: 'pathlist', ini: [['defaults', 'inventory']], env: ['ANSIBLE_INVENTORY'] },
  remote_user: { kind: 'string', ini: [['defaults', 'remote_user']], env: ['ANSIBLE_REMOTE_USER'] },
  remote_port: { kind: 'integer', ini: [['defaults', 'remote_port']], env: ['ANSIBLE_REMOTE_PORT'] },
  private_key_file: { kind: 'path', ini: [['defaults', 'private_key_file']], env: ['ANSIBLE_PRIVATE_KEY_FILE'] },
  host_key_checking: { kind: 'boolean', ini: [['defaults', 'host_key_checking'], ['ssh_connection', 'host_key_checking']], env: ['ANSIBLE_HOST_KEY_CHECKING', 'ANSIBLE_SSH_HOST_KEY_CHECKING'] },
  forks: { kind: 'integer', ini: [['defaults', 'forks']], env: ['ANSIBLE_FORKS'] },
  timeout: { kind: 'integer', ini: [['defaults', 'timeout'], ['ssh_connection', 'timeout']], env: ['ANSIBLE_TIMEOUT', 'ANSIBLE_SSH_TIMEOUT'] },
  transport: { kind: 'string', ini: [['defaults', 'transport']], env: ['ANSIBLE_TRANSPORT'] },
  become: { kind: 'boolean', ini: [['privilege_escalation', 'become']], env: ['ANSIBLE_BECOME'] },
  become_user: { kind: 'string', ini: [['privilege_escalation', 'become_user']], env: ['ANSIBLE_BECOME_USER'] },
  become_method: { kind: 'string', ini: [['privilege_escalation', 'become_method']], env: ['ANSIBLE_BECOME_METHOD'] },
  ssh_args: { kind: 'string', ini: [['ssh_connection', 'ssh_args']], env: ['ANSIBLE_SSH_ARGS'] },
  ssh_common_args: { kind: 'string', ini: [['ssh_connection', 'ssh_common_args']], env: ['ANSIBLE_SSH_COMMON_ARGS'] },
  ssh_extra_args: { kind: 'string', ini: [['ssh_connection', 'ssh_extra_args']], env: ['ANSIBLE_SSH_EXTRA_ARGS'] },
  vault_password_file: { kind: 'path', ini: [['defaults', 'vault_password_file']], env: ['ANSIBLE_VAULT_PASSWORD_FILE'] },
  vault_identity_list: { kind: 'list', ini: [['defaults', 'vault_identity_list']], env: ['ANSIBLE_VAULT_IDENTITY_LIST'] },
  inventory_ignore_extensions: { kind: 'list', ini: [['defaults', 'inventory_ignore_extensions'], ['inventory', 'ignore_extensions']], env: ['ANSIBLE_INVENTORY_IGNORE'] },
  inventory_ignore_patterns: { kind: 'list', ini: [['defaults', 'inventory_ignore_patterns'], ['inventory', 'ignore_patterns']], env: ['ANSIBLE_INVENTORY_IGNORE_REGEX'] },
  // Read only to refuse what corectl cannot do the same way.
  hash_behaviour: { kind: 'string', ini: [['defaults', 'hash_behaviour']], env: ['ANSIBLE_HASH_BEHAVIOUR'] },
  ask_pass: { kind: 'boolean', ini: [['defaults', 'ask_pass']], env: ['ANSIBLE_ASK_PASS'] },
  become_ask_pass: { kind: 'boolean', ini: [['privilege_escalation', 'become_ask_pass']], env: ['ANSIBLE_BECOME_ASK_PASS'] },
} satisfies Record<string, SettingSpec>;

export type SettingName = keyof typeof SETTINGS;
export const SSH_ARG_SETTINGS = ['ssh_args', 'ssh_common_args', 'ssh_extra_args'] as const;
export type SshArgSetting = (typeof SSH_ARG_SETTINGS)[number];
type ValueOf<K extends Kind> = K extends 'boolean' ? boolean : K extends 'integer' ? number : K extends 'pathlist' | 'list' ? string[] : string;

export interface AnsibleConfig {
  /** The ansible.cfg read, if any. */
  file?: string;
  inventory?: string[];
  remoteUser?: string;
  remotePort?: number;
  privateKeyFile?: string;
  hostKeyChecking?: boolean;
  forks?: number;
  timeout?: number;
  become?: boolean;
  becomeUser?: string;
  /** What the run follows of ssh_args, ssh_common_args and ssh_extra_args, read in that order. */
  ssh: SshArgSettings;
  /** Each of them as written: a host's ansible_ssh_*_args var replaces its own one, as in Ansible. */
  sshArgs: Partial<Record<SshArgSetting, string>>;
  vaultPasswordFiles: string[];
  vaultIds: string[];
  inventoryIgnoreExtensions?: string[];
  inventoryIgnorePatterns?: string[];
  /** `remote_user (ansible.cfg:3)`: what was taken and from where, for -v. */
  used: string[];
  /** Where each setting that was used was written: `file:line`, or `environment variable X`. */
  origins: Partial<Record<SettingName, { file: string; line: number }>>;
  /** Settings present in the file that mean nothing to corectl (roles_path, gathering, ...). */
  notUsed: string[];
  /** Said once, whether or not -v is given (an ansible.cfg skipped for safety). */
  warnings: string[];
}

export interface ConfigLookup {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  home?: string;
}

/** The ansible.cfg ansible-core would read from here, or undefined. */
export function findAnsibleConfig(lookup: ConfigLookup = {}): { file?: string; warnings: string[] } {
  const env = lookup.env ?? process.env;
  const cwd = lookup.cwd ?? process.cwd();
  const warnings: string[] = [];
  const candidates: string[] = [];
  if (env.ANSIBLE_CONFIG !== undefined) {
    const fromEnv = resolve(cwd, expandHome(env.ANSIBLE_CONFIG, lookup.home));
    candidates.push(isDirectory(fromEnv) ? join(fromEnv, 'ansible.cfg') : fromEnv);
  }
  const local = join(cwd, 'ansible.cfg');
  // ansible-core skips ./ansible.cfg in a world-writable directory: anybody could have put it there.
  if (worldWritable(cwd)) {
    if (readable(local)) warnings.push(`${local} is ignored: ${cwd} is world-writable (as ansible-core ignores it)`);
  } else candidates.push(local);
  candidates.push(join(lookup.home ?? homedir(), '.ansible.cfg'), '/etc/ansible/ansible.cfg');
  const file = candidates.find(readable);
  return { file, warnings: file === candidates[0] && env.ANSIBLE_CONFIG !== undefined ? [] : warnings };
}

export function loadAnsibleConfig(lookup: ConfigLookup = {}): AnsibleConfig {
  const env = lookup.env ?? process.env;
  const { file, warnings } = findAnsibleConfig(lookup);
  const sections: ConfigSections = file ? parseConfigIni(file, readFileSync(file, 'utf8')) : new Map();
  const used: string[] = [];
  const origins: AnsibleConfig['origins'] = {};
  const taken = new Set<string>();
  const get = <N extends SettingName>(name: N): ValueOf<(typeof SETTINGS)[N]['kind']> | undefined => {
    const spec: SettingSpec = SETTINGS[name];
    const fromEnv = spec.env.filter((variable) => env[variable] !== undefined).at(-1);
    const fromIni = spec.ini.flatMap(([section, key]) => {
      const entry = configEntry(sections, section, key);
      if (entry) taken.add(`${section}.${key}`);
      return entry ? [{ ...entry, section, key }] : [];
    }).at(-1);
    if (fromEnv !== undefined) {
      used.push(`${name} (${fromEnv})`);
      origins[name] = { file: `environment variable ${fromEnv}`, line: 0 };
      return typed(spec.kind, env[fromEnv]!, { where: `environment variable ${fromEnv}`, baseDir: lookup.cwd ?? process.cwd(), home: lookup.home }) as never;
    }
    if (!fromIni) return undefined;
    used.push(`${name} (${file}:${fromIni.line})`);
    origins[name] = { file: file!, line: fromIni.line };
    return typed(spec.kind, fromIni.value, { where: `${file}:${fromIni.line}: ${fromIni.key}`, baseDir: dirname(file!), home: lookup.home }) as never;
  };
  const refuse = (name: SettingName, problem: string) => {
    const spec: SettingSpec = SETTINGS[name];
    const variable = spec.env.filter((v) => env[v] !== undefined).at(-1);
    if (variable) throw new AnsibleConfigError(`environment variable ${variable}`, 0, problem);
    const entry = spec.ini.map(([section, key]) => configEntry(sections, section, key)).filter((e) => e !== undefined).at(-1);
    throw new AnsibleConfigError(file ?? 'ansible.cfg', entry?.line ?? 0, problem);
  };

  const transport = get('transport');
  if (transport !== undefined && !['ssh', 'smart', 'paramiko'].includes(transport)) refuse('transport', `transport = ${transport} is not supported; corectl connects over SSH`);
  const method = get('become_method');
  if (method !== undefined && method !== 'sudo') refuse('become_method', `become_method = ${method} is not supported; corectl becomes another user with sudo only`);
  const hash = get('hash_behaviour');
  if (hash !== undefined && hash !== 'replace') refuse('hash_behaviour', `hash_behaviour = ${hash} is not supported: corectl merges vars as Ansible's default (replace) does, so a merged dict would differ`);
  if (get('ask_pass')) refuse('ask_pass', 'ask_pass = True is not supported: corectl logs in with keys (a file or ssh-agent), not passwords');
  if (get('become_ask_pass')) refuse('become_ask_pass', 'become_ask_pass = True: give the sudo password in CORECTL_BECOME_PASSWORD instead (corectl does not prompt for it)');

  // ssh gets them in this order on its command line and keeps the first value of each option.
  const ssh: SshArgSettings = {};
  const sshArgs: AnsibleConfig['sshArgs'] = {};
  for (const name of SSH_ARG_SETTINGS) {
    const value = get(name);
    if (value === undefined) continue;
    const read = readSshArgs(value);
    if (read.refused) refuse(name, `${name}: ${read.refused}`);
    sshArgs[name] = value;
    for (const [key, setting] of Object.entries(read.settings) as [keyof SshArgSettings, never][]) ssh[key] ??= setting;
  }
  const vaultFile = get('vault_password_file');
  const config: AnsibleConfig = {
    file,
    inventory: get('inventory'),
    remoteUser: get('remote_user'),
    remotePort: get('remote_port'),
    privateKeyFile: get('private_key_file'),
    hostKeyChecking: get('host_key_checking'),
    forks: get('forks'),
    timeout: get('timeout'),
    become: get('become'),
    becomeUser: get('become_user'),
    ssh,
    sshArgs,
    vaultPasswordFiles: vaultFile ? [vaultFile] : [],
    vaultIds: get('vault_identity_list') ?? [],
    inventoryIgnoreExtensions: get('inventory_ignore_extensions'),
    inventoryIgnorePatterns: get('inventory_ignore_patterns'),
    used,
    origins,
    notUsed: [...sections].flatMap(([section, entries]) => [...entries.keys()].filter((key) => !taken.has(`${section}.${key}`)).map((key) => `[${section}] ${key}`)),
    warnings,
  };
  return config;
}

function typed(kind: Kind, raw: string, at: { where: string; baseDir: string; home?: string }): unknown {
  const value = unquote(raw.trim());
  switch (kind) {
    case 'boolean': {
      const lower = value.toLowerCase();
      if (['y', 'yes', 'on', '1', 'true', 't', '1.0'].includes(lower)) return true;
      if (['n', 'no', 'off', '0', 'false', 'f', '0.0', ''].includes(lower)) return false;
      throw new AnsibleConfigError(at.where, 0, `expected a boolean (true/false, yes/no), got ${JSON.stringify(raw)}`);
    }
    case 'integer': {
      if (!/^[+-]?\d+$/.test(value)) throw new AnsibleConfigError(at.where, 0, `expected a whole number, got ${JSON.stringify(raw)}`);
      return Number(value);
    }
    case 'path':
      return resolvePath(value, at.baseDir, at.home);
    case 'pathlist':
      return raw.split(',').map((part) => part.trim()).filter(Boolean).map((part) => resolvePath(part, at.baseDir, at.home));
    case 'list':
      return raw.split(',').map((part) => unquote(part.trim()));
    default:
      return value;
  }
}

/** Paths in ansible.cfg are relative to the file's directory, after ~ and $VARS, as ansible-core resolves them. */
function resolvePath(path: string, baseDir: string, home?: string): string {
  const expanded = expandHome(path.replaceAll('{{CWD}}', process.cwd()).replace(/\$(\w+)|\$\{(\w+)\}/g, (match, a?: string, b?: string) => process.env[a ?? b!] ?? match), home);
  return isAbsolute(expanded) ? resolve(expanded) : resolve(baseDir, expanded);
}

/** ansible-core's unquote: one pair of matching outer quotes is dropped. */
function unquote(value: string): string {
  return /^(['"]).*\1$/s.test(value) && value.length >= 2 ? value.slice(1, -1) : value;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function readable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function worldWritable(dir: string): boolean {
  try {
    return (statSync(dir).mode & 0o002) !== 0;
  } catch {
    return false;
  }
}
