// Extra vars (-e) as ansible-playbook takes them: key=value words (strings), a YAML/JSON mapping,
// @FILE; above every other var, connection vars included; a later -e above an earlier one.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readExtraVars } from '../../../src/inventory/extra-vars.ts';
import { loadInventory } from '../../../src/inventory/load-inventory.ts';
import { resolveHost } from '../../../src/inventory/resolve-host.ts';

it('reads key=value words as strings, mappings with their types, files, later over earlier; they beat host vars and the connection', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'corectl-extra-'));
  writeFileSync(join(dir, 'hosts.ini'), '[web]\nweb1 ansible_host=192.0.2.1 ansible_user=core replicas=2 site=lab\n');
  writeFileSync(join(dir, 'extra.yml'), 'site: prod\nzones:\n  - a\n  - b\n');
  const extra = await readExtraVars(["replicas=3 motd='hello world'", '{"replicas": 4, "debug": true}', `@${join(dir, 'extra.yml')}`, 'ansible_user=ops']);
  expect(extra.vars).toEqual({ replicas: 4, motd: 'hello world', debug: true, site: 'prod', zones: ['a', 'b'], ansible_user: 'ops' });
  expect(extra.origins.site).toMatchObject({ file: join(dir, 'extra.yml'), line: 1 });
  const inventory = await loadInventory(join(dir, 'hosts.ini'));
  inventory.extraVars = extra;
  const web1 = resolveHost(inventory, 'web1');
  expect(web1.vars).toMatchObject({ replicas: 4, site: 'prod', motd: 'hello world' });
  expect(web1.connection).toMatchObject({ user: 'ops', address: '192.0.2.1' });
  await expect(readExtraVars(['novalue'])).rejects.toThrow(/-e #1:1:1: .*"novalue": expected key=value, @FILE or a YAML\/JSON mapping/);
  await expect(readExtraVars([`@${join(dir, 'missing.yml')}`])).rejects.toThrow(/extra vars file .*missing\.yml cannot be read: no such file/);
});
