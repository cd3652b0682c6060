// Options shared by every command that talks to hosts, and how they become the inventory, the
// selected hosts and the connection settings of a run.
import { resolve } from 'node:path';
import { ConnectionPool } from '../connection/connection-pool.ts';
import { DEFAULT_CONNECTION_SETTINGS, type ConnectionSettings, type HostKeyCheck } from '../connection/connection-target.ts';
import { KnownHosts } from '../connection/known-hosts.ts';
import { expandHome, loadSshConfig } from '../connection/ssh-config.ts';
import { visibleText } from '../report/visible-text.ts';
import { waitingLine } from '../connection/run-lock.ts';
import { loadAnsibleConfig, type AnsibleConfig } from '../ansible-config/ansible-config.ts';
import { applyConfigDefaults } from '../ansible-config/config-defaults.ts';
import { loadInventory, type LoadedInventory } from '../inventory/load-inventory.ts';
import { selectHosts } from '../inventory/patterns.ts';
import { loadVaultSecrets, vaultOptionSpec, type VaultOptionValues } from '../secrets/vault-secrets.ts';
import { readExtraVars } from '../inventory/extra-vars.ts';
import { UsageError } from '../errors/usage-error.ts';

export const connectionOptionSpec = {
  ...vaultOptionSpec,
  inventory: { type: 'string', short: 'i', multiple: true },
  limit: { type: 'string', short: 'l' },
  forks: { type: 'string', short: 'f' },
  become: { type: 'boolean', short: 'b' },
  'host-key-check': { type: 'string' },
  'known-hosts': { type: 'string' },
  'connect-timeout': { type: 'string' },
  'reconnect-timeout': { type: 'string' },
  timeout: { type: 'string' },
  verbose: { type: 'boolean', short: 'v' },
  'require-post-quantum': { type: 'boolean' },
  'no-wait': { type: 'boolean' },
} as const;

export interface ConnectionOptionValues extends VaultOptionValues {
  inventory?: string[];
  limit?: string;
  forks?: string;
  become?: boolean;
  'host-key-check'?: string;
  'known-hosts'?: string;
  'connect-timeout'?: string;
  'reconnect-timeout'?: string;
  timeout?: string;
  verbose?: boolean;
  /** Offer only the post-quantum hybrid key exchange. */
  'require-post-quantum'?: boolean;
  /** Give up a host another run holds instead of waiting for it. */
  'no-wait'?: boolean;
  /** -e: extra vars (run and check). */
  'extra-vars'?: string[];
}

/**
 * The inventories named by -i (several are merged, as Ansible merges them; `-i a,b,` is a list of
 * hosts), else $CORECTL_INVENTORY, else ansible.cfg's inventory (or $ANSIBLE_INVENTORY), else ./inventory.
 */
export function inventoryPaths(values: Pick<ConnectionOptionValues, 'inventory'>, config?: AnsibleConfig): string[] {
  if (values.inventory?.length) return values.inventory;
  if (process.env.CORECTL_INVENTORY) return [process.env.CORECTL_INVENTORY];
  return config?.inventory?.length ? config.inventory : ['inventory'];
}

/**
 * The site as Ansible would see it from here: its ansible.cfg (and ANSIBLE_* variables), the
 * inventory that names, opened with its vault passwords, and the connection defaults it sets
 * (remote_user, private_key_file, become, ...) as the lowest layer under every host's own vars.
 * Settings of ansible.cfg that corectl uses become defaults of the command-line options.
 */
export async function loadSiteInventory(values: ConnectionOptionValues & VaultOptionValues, report: { warn: (m: string) => void; info?: (m: string) => void }) {
  const config = loadAnsibleConfig();
  config.warnings.forEach(report.warn);
  if (config.file || config.used.length > 0) {
    report.info?.(`ansible.cfg: ${config.file ?? '(none; ANSIBLE_* variables only)'}; used: ${config.used.join(', ') || 'nothing'}`);
    if (config.notUsed.length > 0) report.info?.(`ansible.cfg: not used by corectl (no meaning for it): ${config.notUsed.join(', ')}`);
  }
  const vault = await loadVaultSecrets(values, process.env, { files: config.vaultPasswordFiles, ids: config.vaultIds });
  const sources = inventoryPaths(values, config);
  const inventory = await loadInventory(sources, { vault, ignoreExtensions: config.inventoryIgnoreExtensions, ignorePatterns: config.inventoryIgnorePatterns });
  inventory.warnings.forEach(report.warn);
  applyConfigDefaults(inventory, config);
  if (values['extra-vars']?.length) inventory.extraVars = await readExtraVars(values['extra-vars'], vault);
  values.forks ??= config.forks?.toString();
  values['connect-timeout'] ??= config.timeout?.toString();
  return { inventory, config, sources, vault };
}

export function positiveInteger(value: string | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new UsageError(`--${option} must be a positive whole number, got "${value}"`);
  return number;
}

export async function connectionSettings(values: ConnectionOptionValues, inventory: LoadedInventory, warn: (m: string) => void, config?: AnsibleConfig): Promise<ConnectionSettings> {
  const fromConfig = config?.ssh.hostKeyCheck ?? (config?.hostKeyChecking === false ? 'off' : undefined);
  const check = values['host-key-check'] ?? inventory.settings.hostKeyCheck ?? fromConfig ?? DEFAULT_CONNECTION_SETTINGS.hostKeyCheck;
  if (!['strict', 'accept-new', 'off'].includes(check)) throw new UsageError(`--host-key-check must be strict, accept-new or off, got "${check}"`);
  const files = values['known-hosts']
    ? [resolve(expandHome(values['known-hosts']))]
    : (inventory.settings.knownHosts ?? config?.ssh.knownHostsFiles?.map((file) => resolve(expandHome(file))) ?? [expandHome('~/.ssh/known_hosts'), '/etc/ssh/ssh_known_hosts']);
  return {
    ...DEFAULT_CONNECTION_SETTINGS,
    knownHosts: await KnownHosts.load(files),
    hostKeyCheck: check as HostKeyCheck,
    hostKeysForced: { check: values['host-key-check'] !== undefined, knownHosts: values['known-hosts'] !== undefined },
    connectTimeoutMs: positiveInteger(values['connect-timeout'], 'connect-timeout', DEFAULT_CONNECTION_SETTINGS.connectTimeoutMs / 1000) * 1000,
    // How long a dropped connection (a reboot, a cut link) is retried before the host counts as unreachable.
    reconnectTimeoutMs: positiveInteger(values['reconnect-timeout'], 'reconnect-timeout', DEFAULT_CONNECTION_SETTINGS.reconnectTimeoutMs / 1000) * 1000,
    warn,
    ...(values.verbose && { info: (message: string) => process.stderr.write(`${message}\n`) }),
    ...(values['require-post-quantum'] && { requirePostQuantum: true }),
  };
}

/**
 * Loads the inventory and selects hosts; everything a command needs before it contacts a host.
 * `lock`: the run's lock each host is taken with (exclusive for run, shared for the others).
 */
export async function prepareHosts(values: ConnectionOptionValues, pattern: string, warn: (m: string) => void, lock: 'exclusive' | 'shared' = 'shared') {
  const info = values.verbose ? (m: string) => process.stderr.write(`${m}\n`) : undefined;
  const { inventory, config, sources, vault } = await loadSiteInventory(values, { warn, info });
  const hosts = selectHosts(inventory, pattern, values.limit);
  const settings = await connectionSettings(values, inventory, warn, config);
  let unlockedSaid = false;
  settings.runLock = {
    mode: lock,
    wait: !values['no-wait'],
    // Said at once, on stderr (`run` and `check` say it through their reporter instead, see run-command.ts).
    onWait: (host, owner) => process.stderr.write(`${visibleText(waitingLine(host, owner))}\n`),
    onUnlocked: (host, reason) => {
      if (!unlockedSaid) warn(`${host}: no run lock could be taken (${reason}): another corectl run could work on it at the same time (said once per run)`);
      unlockedSaid = true;
    },
  };
  const sshConfig = await loadSshConfig();
  return { inventory, hosts, settings, sshConfig, sources, vault, pool: new ConnectionPool(settings) };
}
