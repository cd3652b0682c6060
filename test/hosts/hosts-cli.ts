// `npm run hosts -- up [N]` starts local test hosts for trying corectl by hand and writes their
// inventory to .corectl/test-hosts/; `npm run hosts -- down` removes them.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { clusterInventory, startCluster, stopCluster } from './cluster.ts';

const OUT = resolve('.corectl/test-hosts');
const [command = 'help', count = '3'] = process.argv.slice(2);

if (command === 'up') {
  const cluster = await startCluster({ name: 'dev', hosts: Number(count), bastion: true, log: (line) => console.error(line) });
  await mkdir(OUT, { recursive: true });
  await copyFile(cluster.clientKey, join(OUT, 'client_ed25519'));
  await copyFile(cluster.knownHosts, join(OUT, 'known_hosts'));
  await writeFile(join(OUT, 'inventory.yaml'), clusterInventory(cluster.hosts, cluster.hidden, { identityFile: './client_ed25519', knownHosts: './known_hosts' }));
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
