// `npm run hosts -- up [N] [--name NAME]` starts local test hosts for trying corectl by hand and
// writes their inventory to .corectl/test-hosts/ (.corectl/test-hosts-NAME/ for a named set);
// `npm run hosts -- down [--name NAME]` removes them. Several named sets can run side by side.
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { clusterInventory, startCluster, stopCluster } from './cluster.ts';
import { testImageArchive } from './test-image.ts';

export const SANDBOX_INVENTORY = resolve('.corectl/test-hosts');

/** Where a set's inventory goes: the default set's, or one of its own for a named set. */
export const sandboxInventory = (name = 'dev') => (name === 'dev' ? SANDBOX_INVENTORY : `${SANDBOX_INVENTORY}-${name}`);

/** Starts the sandbox hosts and writes their inventory, key and known_hosts. */
export async function sandboxUp(count: number, name = 'dev') {
  const cluster = await startCluster({ name, hosts: count, bastion: true, log: (line) => console.error(line) });
  const inventory = sandboxInventory(name);
  // Key and known_hosts in a hidden directory: every other file of an inventory directory is read
  // as an inventory, as Ansible reads one.
  for (const old of ['client_ed25519', 'known_hosts']) await rm(join(inventory, old), { force: true });
  await mkdir(join(inventory, '.ssh'), { recursive: true });
  await copyFile(cluster.clientKey, join(inventory, '.ssh/client_ed25519'));
  await copyFile(cluster.knownHosts, join(inventory, '.ssh/known_hosts'));
  await writeFile(join(inventory, 'inventory.yaml'), clusterInventory(cluster.hosts, cluster.hidden, { identityFile: './.ssh/client_ed25519', knownHosts: './.ssh/known_hosts', imageArchive: await testImageArchive() }));
  return cluster;
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
const { positionals, values } = isMain
  ? parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: { name: { type: 'string', default: 'dev' } } })
  : { positionals: [], values: { name: 'dev' } };
const [command = 'help', count = '3'] = positionals;
const name = values.name ?? 'dev';
const where = sandboxInventory(name).replace(`${resolve('.')}/`, '');

if (!isMain) {
  // imported by the demo
} else if (!/^[a-z][a-z0-9]{0,11}$/.test(name)) {
  console.error(`--name ${name}: a set's name is a lower-case letter and up to 11 more letters or digits (it names its machines)`);
  process.exitCode = 4;
} else if (command === 'up') {
  const cluster = await sandboxUp(Number(count), name);
  console.log(`${cluster.hosts.length} test host${cluster.hosts.length === 1 ? '' : 's'} ${cluster.hosts.length === 1 ? 'is' : 'are'} up (${cluster.hosts.map((h) => `${h.name} ${h.address}`).join(', ')}),`);
  console.log(`plus ${cluster.hidden?.name} reachable only through ${cluster.hosts[0]?.name}. Try:`);
  console.log(`  npx corectl inventory -i ${where} --graph`);
  console.log(`  npx corectl exec all -i ${where} -- hostname`);
  console.log(`Stop them with: npm run hosts -- down${name === 'dev' ? '' : ` --name ${name}`}`);
} else if (command === 'down') {
  await stopCluster(name);
  console.log(`test hosts${name === 'dev' ? '' : ` of set ${name}`} stopped and removed`);
} else {
  console.log('usage: npm run hosts -- up [N] [--name NAME] | down [--name NAME]');
}
