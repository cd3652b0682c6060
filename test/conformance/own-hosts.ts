// Test hosts of a conformance suite's own (the `own-hosts` vitest project): the suite boots them,
// runs shell on them as root over one pool, and points corectl's runs at them. They share nothing
// with the integration suite's hosts, so these suites run beside the unit files.
import { ConnectionPool } from '../../src/connection/connection-pool.ts';
import { DEFAULT_CONNECTION_SETTINGS } from '../../src/connection/connection-target.ts';
import { KnownHosts } from '../../src/connection/known-hosts.ts';
import { startCluster, type ClusterOptions, type TestCluster } from '../hosts/cluster.ts';
import type { RunTargets } from '../integration/helpers.ts';

export interface OwnHosts {
  cluster: TestCluster;
  /** Runs a script as root on a host; resolves with what it wrote, both streams. */
  exec: (host: string, script: string, options?: { stdin?: Buffer; timeoutMs?: number }) => Promise<{ stdout: string; stderr: string }>;
  /** Where corectl's runs in these suites go: the cluster's inventory and known hosts. */
  targets: () => Promise<RunTargets>;
  stop: () => Promise<void>;
}

export async function startOwnHosts(options: ClusterOptions & { name: string }): Promise<OwnHosts> {
  const cluster = await startCluster({ log: (line) => console.log(`[${options.name} hosts] ${line}`), ...options });
  const knownHosts = () => KnownHosts.load([cluster.knownHosts]);
  const pool = new ConnectionPool({ ...DEFAULT_CONNECTION_SETTINGS, knownHosts: await knownHosts(), warn: () => {} });
  return {
    cluster,
    exec: async (name, script, opts = {}) => {
      const host = cluster.hosts.find((h) => h.name === name);
      if (!host) throw new Error(`no host ${name} in cluster ${cluster.name}`);
      const target = { name, address: host.address, port: 22, user: 'core', identityFiles: [cluster.clientKey] };
      const result = await pool.get(target).exec(script, { become: true, ...opts });
      return { stdout: result.stdout, stderr: result.stderr };
    },
    targets: async () => ({ inventory: cluster.inventory, settings: { knownHosts: await knownHosts() } }),
    stop: async () => {
      await pool.closeAll();
      await cluster.stop();
    },
  };
}
