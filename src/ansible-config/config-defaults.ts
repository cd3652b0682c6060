// ansible.cfg's connection settings as the lowest layer of every host: below group `all`'s vars,
// so any ansible_user, ansible_port, ansible_ssh_private_key_file or ansible_become of the
// inventory wins, as it does in Ansible. They add no vars (ansible-inventory shows none either).
// Its ssh args stay as written, for each host to read with its own ansible_ssh_*_args.
import type { ConnectionFields } from '../inventory/connection-fields.ts';
import type { Inventory } from '../inventory/inventory-model.ts';
import { SSH_ARG_SETTINGS, type AnsibleConfig, type SettingName } from './ansible-config.ts';

export function applyConfigDefaults(inventory: Inventory, config: AnsibleConfig): void {
  const fields: [SettingName, ConnectionFields][] = [
    ['remote_user', { user: config.remoteUser }],
    ['remote_port', { port: config.remotePort }],
    ['private_key_file', { identityFile: config.privateKeyFile }],
    ['become', { become: config.become }],
    ['become_user', { becomeUser: config.becomeUser }],
  ];
  const layers = fields
    .filter(([, connection]) => Object.values(connection)[0] !== undefined)
    .map(([setting, connection]) => ({ vars: {}, connection, source: { ...(config.origins[setting] ?? { file: 'ansible.cfg', line: 0 }), column: 1 } }));
  inventory.groups.get('all')!.layers.unshift(...layers);
  // Not a layer: a host's ansible_ssh_common_args replaces ssh_common_args only, and ssh then
  // keeps the first ProxyJump of ssh_args, common and extra args (resolve-host.ts).
  const [first] = SSH_ARG_SETTINGS.filter((name) => config.sshArgs[name] !== undefined);
  if (first) {
    const origin = config.origins[first] ?? { file: config.file ?? 'ansible.cfg', line: 0 };
    inventory.sshArgDefaults = { args: config.sshArgs, source: { ...origin, column: 1 } };
  }
}
