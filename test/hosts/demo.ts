// `npm run demo`: corectl's main job against local sandbox hosts, for someone without a fleet.
// Starts three hosts (and one behind a bastion), then runs corectl against them as a user would.
import { spawnSync } from 'node:child_process';
import { sandboxUp, SANDBOX_INVENTORY } from './hosts-cli.ts';

await sandboxUp(3);
const corectl = (...args: string[]) => {
  console.log(`\n$ corectl ${args.join(' ')}`);
  const result = spawnSync(process.execPath, ['bin/corectl.js', ...args], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
corectl('inventory', '-i', SANDBOX_INVENTORY, '--graph');
corectl('exec', 'all', '-i', SANDBOX_INVENTORY, '--', 'echo "$(hostname): $(. /etc/os-release; echo $PRETTY_NAME), podman $(podman --version | cut -d" " -f3)"');
corectl('exec', 'all', '-i', SANDBOX_INVENTORY, '--become', '--', 'id -un');
console.log(`\nThe sandbox hosts keep running; their inventory is ${SANDBOX_INVENTORY}. Stop them with: npm run hosts -- down`);
