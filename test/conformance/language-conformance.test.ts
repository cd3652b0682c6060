// The playbook language against real ansible-core: per-host loops and check mode, one play per
// case on a test host of their own (Ansible needs python3 there), in a run and in check mode, from
// the same start state: every result in order and the host's state after are the same, or the
// case is a listed deliberate difference.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionPool } from '../../src/connection/connection-pool.ts';
import { DEFAULT_CONNECTION_SETTINGS } from '../../src/connection/connection-target.ts';
import { KnownHosts } from '../../src/connection/known-hosts.ts';
import { startCluster, type TestCluster } from '../hosts/cluster.ts';
import { languageCases } from './language/cases.ts';
import { runLanguageConformance } from './language/run-language-conformance.ts';

// CORECTL_CONFORMANCE_ONLY=loop (a prefix of case ids) runs a part.
const cases = languageCases.filter((c) => c.id.startsWith(process.env.CORECTL_CONFORMANCE_ONLY ?? ''));

describe('the playbook language conforms to ansible-core', () => {
  let cluster: TestCluster;
  let pool: ConnectionPool;

  beforeAll(async () => {
    cluster = await startCluster({ name: 'langconf', hosts: 1, extraPackages: ['python3'], log: (line) => console.log(`[conformance hosts] ${line}`) });
    pool = new ConnectionPool({ ...DEFAULT_CONNECTION_SETTINGS, knownHosts: await KnownHosts.load([cluster.knownHosts]), warn: () => {} });
  }, 600_000);
  afterAll(async () => {
    await pool?.closeAll();
    await cluster?.stop();
  });

  it('every case gives the same results in order and leaves the same state, or is a listed deliberate difference', { timeout: 900_000 }, async () => {
    const host = cluster.hosts[0]!;
    const inventory = join(cluster.dir, 'ansible-hosts.ini');
    writeFileSync(inventory, `${host.name} ansible_host=${host.address} ansible_user=core ansible_ssh_private_key_file=${cluster.clientKey} ansible_ssh_common_args='-o UserKnownHostsFile=${cluster.knownHosts} -o StrictHostKeyChecking=yes'\n`);
    const run = async (script: string) => (await pool.get({ name: host.name, address: host.address, port: 22, user: 'core', identityFiles: [cluster.clientKey] }).exec(script, { become: true })).stdout;
    const verdicts = await runLanguageConformance(cases, { host: host.name, inventory, run, targets: { inventory: cluster.inventory, settings: { knownHosts: await KnownHosts.load([cluster.knownHosts]) } } });
    const count = (kind: string) => verdicts.filter((v) => v.kind === kind).length;
    console.log([
      `language conformance: ${cases.length} cases (${cases.filter((c) => c.source === 'ansible').length} from Ansible's targets), ${verdicts.length} passes: ${count('identical')} identical, ${count('deliberate')} deliberate, ${count('different')} different`,
      '  deliberate differences:', ...cases.filter((c) => c.deliberate).map((c) => `    ${c.id}: ${c.deliberate}`),
    ].join('\n'));
    expect.soft(verdicts.filter((v) => v.kind === 'different').map((v) => `${v.id} (${v.mode}): ${v.problems.join('; ')}`)).toEqual([]);
    expect.soft(cases.filter((c) => c.deliberate && verdicts.filter((v) => v.id === c.id).every((v) => v.kind === 'identical')).map((c) => c.id)).toEqual([]);
  });
});
