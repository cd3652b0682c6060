// ansible.cfg's connection settings as the lowest layer of every host: below group `all`'s vars,
// so any ansible_user, ansible_port, ansible_ssh_private_key_file or ansible_become of the
// inventory wins, as it does in Ansible. They add no vars (ansible-inventory shows none either).
import type { ConnectionFields } from '../inventory/connection-fields.ts';
import type { Inventory } from '../inventory/inventory-model.ts';
import type { AnsibleConfig, SettingName } from './ansible-config.ts';

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
  if (config.ssh.jump) layers.push({ vars: {}, connection: { proxyJump: config.ssh.jump }, source: { file: config.file ?? 'ansible.cfg', line: 0, column: 1 } });
  inventory.groups.get('all')!.layers.unshift(...layers);
}
