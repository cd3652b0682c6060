// How each host would be reached: as ansible-core decides it (its ssh connection plugin run for
// real with `-m raw`, an ssh executable that only prints the arguments it was given) and as
// corectl decides it (the same functions `corectl run` uses). Compared field by field.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { loadAnsibleConfig } from '../../../src/ansible-config/ansible-config.ts';
import { applyConfigDefaults } from '../../../src/ansible-config/config-defaults.ts';
import { connectionSettings, inventoryPaths } from '../../../src/cli/connection-options.ts';
import { targetFromInventory } from '../../../src/connection/target-from-inventory.ts';
import { loadInventory } from '../../../src/inventory/load-inventory.ts';
import { resolveHost } from '../../../src/inventory/resolve-host.ts';
import { loadVaultSecrets } from '../../../src/secrets/vault-secrets.ts';

/** `{ local: true }`: run on the controller, no ssh at all. */
export type Reached = EffectiveConnection | { local: true };

export interface EffectiveConnection {
  address: string;
  port: number;
  user: string;
  identityFile?: string;
  jump?: string;
  become: boolean;
  becomeUser?: string;
  hostKeyCheck: string;
  knownHosts?: string[];
}

// Prints its arguments (unit-separated); for a become command first the success marker Ansible waits for.
const FAKE_SSH = `#!/bin/sh
for last; do :; done
marker=$(printf '%s' "$last" | grep -o 'BECOME-SUCCESS-[a-z]*')
[ -n "$marker" ] && printf '%s\\n' "$marker"
for a; do printf '%s\\037' "$a"; done | sed 's/BECOME-SUCCESS/BECOME_SUCCESS/g'
`;

let fakeSsh: string | undefined;

function fakeSshPath(): string {
  if (!fakeSsh) {
    fakeSsh = join(mkdtempSync(join(tmpdir(), 'corectl-fake-ssh-')), 'ssh');
    writeFileSync(fakeSsh, FAKE_SSH);
    chmodSync(fakeSsh, 0o755);
  }
  return fakeSsh;
}

/** The environment both sides run in: HOME in the case's directory (no ~/.ansible.cfg, no ~/.ssh/config). */
export function caseEnv(dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: dir, LANG: 'C.UTF-8', ...extra };
  return env;
}

export function ansibleConnections(dir: string, inventories: string[], env: NodeJS.ProcessEnv): Record<string, Reached> {
  const output = execFileSync('ansible', ['all', ...inventories.flatMap((i) => ['-i', i]), '-m', 'raw', '-a', 'true'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...env, ANSIBLE_SSH_EXECUTABLE: fakeSshPath(), ANSIBLE_LOAD_CALLBACK_PLUGINS: '1', ANSIBLE_STDOUT_CALLBACK: 'json', ANSIBLE_LOCALHOST_WARNING: 'false', ANSIBLE_NOCOLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const hosts = (JSON.parse(output) as { plays: { tasks: { hosts: Record<string, { stdout?: string; msg?: string }> }[] }[] }).plays[0]!.tasks[0]!.hosts;
  return Object.fromEntries(Object.entries(hosts).map(([name, result]) => {
    if (result.stdout === undefined) throw new Error(`ansible did not reach the fake ssh for ${name}: ${result.msg}`);
    if (!result.stdout.includes('\x1f')) return [name, { local: true }];
    return [name, fromSshArgs(result.stdout.split('\n').at(-1)!.split('\x1f').slice(0, -1), dir)];
  }));
}

/** What ssh would do with these arguments: the first -o of a kind wins, as in OpenSSH. */
function fromSshArgs(args: string[], dir: string): EffectiveConnection {
  const options = new Map<string, string>();
  let jump: string | undefined;
  const hostIndex = args.indexOf('-tt') + 1;
  for (let i = 0; i < hostIndex; i++) {
    if (args[i] === '-o') {
      const [key, ...rest] = args[++i]!.split('=');
      if (!options.has(key!.toLowerCase())) options.set(key!.toLowerCase(), rest.join('=').replace(/^"(.*)"$/, '$1'));
    } else if (args[i] === '-J') jump ??= args[++i];
  }
  const command = args[hostIndex + 1] ?? '';
  const sudo = /^sudo .*?-u (\S+) /.exec(command);
  const check = options.get('stricthostkeychecking');
  const identity = options.get('identityfile');
  return {
    address: args[hostIndex]!,
    port: Number(options.get('port') ?? 22),
    user: options.get('user') ?? userInfo().username,
    ...(identity ? { identityFile: shortPath(identity, dir) } : {}),
    ...((jump ?? options.get('proxyjump')) ? { jump: jump ?? options.get('proxyjump') } : {}),
    become: !!sudo,
    ...(sudo ? { becomeUser: sudo[1] } : {}),
    hostKeyCheck: check === 'no' ? 'off' : check === 'accept-new' ? 'accept-new' : 'strict',
    ...(options.has('userknownhostsfile') ? { knownHosts: options.get('userknownhostsfile')!.split(/\s+/).map((f) => shortPath(f, dir)) } : {}),
  };
}

/** Paths inside the case's directory relative to it, so both sides compare wherever they ran. */
function shortPath(path: string, dir: string): string {
  return isAbsolute(path) && path.startsWith(`${dir}/`) ? relative(dir, path) : path;
}

export async function corectlConnections(dir: string, inventories: string[], env: NodeJS.ProcessEnv): Promise<Record<string, Reached>> {
  const config = loadAnsibleConfig({ cwd: dir, env, home: dir });
  const vault = await loadVaultSecrets({}, env, { files: config.vaultPasswordFiles, ids: config.vaultIds });
  const paths = inventoryPaths({ inventory: inventories.map((i) => (i.includes(',') ? i : resolve(dir, i))) }, config);
  const inventory = await loadInventory(paths, { vault, ignoreExtensions: config.inventoryIgnoreExtensions, ignorePatterns: config.inventoryIgnorePatterns });
  applyConfigDefaults(inventory, config);
  const settings = await connectionSettings({}, { ...inventory, warnings: [] }, () => {}, config);
  const result: Record<string, Reached> = {};
  for (const name of inventory.hosts.keys()) {
    const target = targetFromInventory(inventory, name, []);
    if (target.local) {
      result[name] = { local: true };
      continue;
    }
    const { connection } = resolveHost(inventory, name);
    // corectl resolves a relative key path from where it runs (as ssh does); here that is process.cwd().
    const identity = target.identityFiles[0];
    result[name] = {
      address: target.address,
      port: target.port,
      user: target.user,
      ...(identity ? { identityFile: identity.startsWith(`${process.cwd()}/`) ? relative(process.cwd(), identity) : shortPath(identity, dir) } : {}),
      ...((connection.jump ?? connection.proxyJump) ? { jump: connection.jump ?? connection.proxyJump } : {}),
      become: connection.become ?? false,
      ...(connection.become ? { becomeUser: connection.becomeUser ?? 'root' } : {}),
      hostKeyCheck: settings.hostKeyCheck,
      ...(config.ssh.knownHostsFiles ? { knownHosts: settings.knownHosts.files.map((f) => shortPath(f, dir)) } : {}),
    };
  }
  return result;
}
