// The example site twice: inventory/ in corectl's format, playbooks/ansible-site/ as an Ansible
// site keeps it (ansible.cfg, INI, group_vars with Vault). Both must reach every host the same way
// and give it the same vars, so the README's "bring your Ansible site" is shown, not claimed.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAnsibleConfig } from '../../../src/ansible-config/ansible-config.ts';
import { applyConfigDefaults } from '../../../src/ansible-config/config-defaults.ts';
import { inventoryPaths } from '../../../src/cli/connection-options.ts';
import type { ConnectionTarget } from '../../../src/connection/connection-target.ts';
import { targetFromInventory } from '../../../src/connection/target-from-inventory.ts';
import { loadInventory } from '../../../src/inventory/load-inventory.ts';
import { resolveHost } from '../../../src/inventory/resolve-host.ts';
import { loadVaultSecrets } from '../../../src/secrets/vault-secrets.ts';

const ANSIBLE_SITE = resolve('playbooks/ansible-site');

/**
 * Where and as whom. A jump host's key is left out: ssh gives a ProxyJump hop neither -i nor
 * -o IdentityFile, so for the Ansible site it is ~/.ssh/config's or ssh's default keys (as corectl
 * does), while corectl's own `jump:` uses the inventory's key; ~/.ssh/id_ed25519 here either way.
 */
function reach(target: ConnectionTarget, hop = false): unknown {
  return { address: target.address, port: target.port, user: target.user, ...(hop ? {} : { keys: target.identityFiles }), jump: target.jump && reach(target.jump, true) };
}

describe('the example site as corectl inventory and as Ansible site', async () => {
  const ours = await loadInventory(resolve('inventory'));
  const config = loadAnsibleConfig({ cwd: ANSIBLE_SITE, env: {} });
  const vault = await loadVaultSecrets({}, {}, { files: config.vaultPasswordFiles, ids: config.vaultIds });
  const ansible = await loadInventory(inventoryPaths({}, config), { vault });
  applyConfigDefaults(ansible, config);

  it('has the same hosts and groups', () => {
    expect([...ansible.hosts.keys()].sort()).toEqual([...ours.hosts.keys()].sort());
    for (const host of ours.hosts.keys()) expect(resolveHost(ansible, host).groups.sort()).toEqual(resolveHost(ours, host).groups.sort());
  });

  it('reaches every host the same way: address, port, user, key and jump host', () => {
    for (const host of ours.hosts.keys()) {
      expect({ host, reach: reach(targetFromInventory(ansible, host, [])) }).toEqual({ host, reach: reach(targetFromInventory(ours, host, [])) });
    }
  });

  it('gives every host the same vars (besides the ansible_* ones and the vault-only token)', () => {
    for (const host of ours.hosts.keys()) {
      const vars = Object.fromEntries(Object.entries(resolveHost(ansible, host).vars).filter(([name]) => !name.startsWith('ansible_') && name !== 'site_api_token'));
      expect({ host, vars }).toEqual({ host, vars: resolveHost(ours, host).vars });
      expect(resolveHost(ansible, host).vars.site_api_token).toBe('example-token-not-secret');
    }
  });
});
