// A host's link cut in the middle of a run (`ip link set ... down` on its veth): that host is
// reported unreachable within the configured timeouts, the others finish, the exit code says
// so; with the link back, running again converges it.
import { afterAll, describe, expect, it } from 'vitest';
import { setLink } from '../hosts/network.ts';
import { corectl, testCluster } from '../integration/helpers.ts';
import { watchCorectl } from './fault-helpers.ts';

const PLAYBOOK = 'test/fixtures/playbooks/fault-steps.ts';
/** ssh2 keepalives: every 5 s, three unanswered ones end the connection. */
const KEEPALIVE_LIMIT_S = 15;
const RECONNECT_S = 3;
const CONNECT_S = 2;

describe('a link cut mid-run', () => {
  const cluster = testCluster();
  const cut = cluster.hosts[1]!;
  const args = ['run', PLAYBOOK, '-i', cluster.inventory, '--no-typecheck', '--reconnect-timeout', String(RECONNECT_S), '--connect-timeout', String(CONNECT_S)];
  afterAll(() => setLink(cut.veth!, true));

  it('reports that host unreachable within the timeouts while the others finish; exit code 3', async () => {
    const run = watchCorectl(args);
    await run.line(new RegExp(`^changed\\s+${cut.name}\\s+step 2`));
    await setLink(cut.veth!, false);
    const cutAt = Date.now();
    const unreachable = await run.line(new RegExp(`^unreach\\s+${cut.name}`));
    const reportedAfter = (Date.now() - cutAt) / 1000;
    const result = await run.done;
    expect(unreachable).toMatch(/step 3: .*(connection lost|timed out|unreachable|ECONN|EHOST)/i);
    expect(reportedAfter).toBeLessThan(KEEPALIVE_LIMIT_S + RECONNECT_S + CONNECT_S + 5);
    expect(result.code).toBe(3);
    for (const other of cluster.hosts.filter((h) => h !== cut)) {
      expect(result.stdout).toMatch(new RegExp(`^${other.name}\\s+ok=0 changed=7 failed=0 skipped=0 unreachable=0`, 'm'));
    }
    expect(result.stdout).toMatch(new RegExp(`^${cut.name}\\s+ok=0 changed=3 failed=0 skipped=0 unreachable=1`, 'm'));
  }, 90_000);

  it('converges that host once the link is back', async () => {
    await setLink(cut.veth!, true);
    const result = await corectl(args);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^${cut.name}\\s+ok=0 changed=7 failed=0`, 'm'));
  }, 60_000);
});
