// `npm run demo`: corectl's main job against local sandbox hosts, for someone without a fleet.
// Starts three hosts (and one behind a bastion), converges them with playbooks/site.ts, shows
// that a second run changes nothing, then makes one host drift and lets `corectl check` find it.
import { spawnSync } from 'node:child_process';
import { sandboxUp, SANDBOX_INVENTORY } from './hosts-cli.ts';

const cluster = await sandboxUp(3);
const corectl = (command: string, ...args: string[]) => {
  console.log(`\n$ corectl ${command} ${args.join(' ')}`);
  return spawnSync(process.execPath, ['bin/corectl.js', command, '-i', SANDBOX_INVENTORY, ...args], { stdio: 'inherit' }).status;
};
const expect = (status: number | null, wanted: number, what: string) => {
  if (status !== wanted) {
    console.error(`demo: ${what} exited with ${status}, expected ${wanted}`);
    process.exit(1);
  }
};
expect(corectl('inventory', '--graph'), 0, 'inventory');
expect(corectl('run', 'playbooks/site.ts', '--diff'), 0, 'the first run');
expect(corectl('run', 'playbooks/site.ts'), 0, 'the second run');
const drifted = cluster.hosts[1]!;
console.log(`\n# someone edits chrony's config on ${drifted.name} by hand...`);
expect(corectl('exec', drifted.name, '--become', '--', "echo 'server rogue.example.net iburst' >> /etc/chrony/chrony.conf"), 0, 'exec');
expect(corectl('check', 'playbooks/site.ts'), 5, 'the drift check');
console.log(`\nThe sandbox hosts keep running; their inventory is ${SANDBOX_INVENTORY}. Stop them with: npm run hosts -- down`);
