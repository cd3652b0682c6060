// `npm run hosts -- up [N]` starts local test hosts for trying corectl by hand and writes their
// inventory to .corectl/test-hosts/; `npm run hosts -- down` removes them.
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { clusterInventory, startCluster, stopCluster } from './cluster.ts';
import { testImageArchive } from './test-image.ts';

export const SANDBOX_INVENTORY = resolve('.corectl/test-hosts');

/** Starts the sandbox hosts and writes their inventory, key and known_hosts. */
export async function sandboxUp(count: number) {
  const cluster = await startCluster({ name: 'dev', hosts: count, bastion: true, log: (line) => console.error(line) });
  // Key and known_hosts in a hidden directory: every other file of an inventory directory is read
  // as an inventory, as Ansible reads one.
  for (const old of ['client_ed25519', 'known_hosts']) await rm(join(SANDBOX_INVENTORY, old), { force: true });
  await mkdir(join(SANDBOX_INVENTORY, '.ssh'), { recursive: true });
  await copyFile(cluster.clientKey, join(SANDBOX_INVENTORY, '.ssh/client_ed25519'));
  await copyFile(cluster.knownHosts, join(SANDBOX_INVENTORY, '.ssh/known_hosts'));
  await writeFile(join(SANDBOX_INVENTORY, 'inventory.yaml'), clusterInventory(cluster.hosts, cluster.hidden, { identityFile: './.ssh/client_ed25519', knownHosts: './.ssh/known_hosts', imageArchive: await testImageArchive() }));
  return cluster;
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
const [command = 'help', count = '3'] = isMain ? process.argv.slice(2) : [];

if (!isMain) {
  // imported by the demo
} else if (command === 'up') {
  const cluster = await sandboxUp(Number(count));
  console.log(`${cluster.hosts.length} test hosts are up (${cluster.hosts.map((h) => `${h.name} ${h.address}`).join(', ')}),`);
  console.log(`plus ${cluster.hidden?.name} reachable only through ${cluster.hosts[0]?.name}. Try:`);
  console.log(`  npx corectl inventory -i .corectl/test-hosts --graph`);
  console.log(`  npx corectl exec all -i .corectl/test-hosts -- hostname`);
  console.log(`Stop them with: npm run hosts -- down`);
} else if (command === 'down') {
  await stopCluster('dev');
  console.log('test hosts stopped and removed');
} else {
  console.log('usage: npm run hosts -- up [N] | down');
}
