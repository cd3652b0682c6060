// `corectl run`, `check` and `facts` from the command line: selection, failure policy, exit codes.
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corectl, inventoryWithGhost, onHost, testCluster } from './helpers.ts';

const PLAYBOOK = 'test/fixtures/playbooks/cli-run.ts';

describe('corectl run from the command line', () => {
  const cluster = testCluster();
  const nodes = cluster.hosts.map((h) => h.name);
  const marks = (node: string) => onHost(node, 'cat /tmp/corectl-cli-marks 2>/dev/null; rm -f /tmp/corectl-cli-marks');

  it('--tags and --limit select tasks and hosts', async () => {
    const result = await corectl(['run', PLAYBOOK, '-i', cluster.inventory, '--tags', 'ntp', '--limit', `${nodes[0]}:${nodes[2]}`]);
    expect(result.code, result.stdout).toBe(0);
    expect(await marks(nodes[0]!)).toBe('ntp\n');
    expect(await marks(nodes[1]!)).toBe('');
    expect(await marks(nodes[2]!)).toBe('ntp\n');
  });

  it('anyErrorsFatal stops every host after a failure, and the exit code is 2', async () => {
    const result = await corectl(['run', PLAYBOOK, '-i', cluster.inventory, '--tags', 'fatal']);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(new RegExp(`failed\\s+${nodes[1]}\\s+fail on node2 only`));
    for (const node of nodes) expect(await marks(node)).toBe('');
    expect(result.stdout).toMatch(new RegExp(`${nodes[1]}\\s+ok=0 changed=0 failed=1`));
  });

  it('reports an unreachable host apart from failures, runs the others, and exits 3', async () => {
    const result = await corectl(['run', PLAYBOOK, '-i', inventoryWithGhost(251, { inNodes: true }), '--tags', 'ntp', '--connect-timeout', '2']);
    expect(result.code, result.stdout).toBe(3);
    expect(result.stdout).toMatch(/unreach\s+ghost/);
    expect(result.stdout).toMatch(/ghost\s+ok=0 changed=0 failed=0 skipped=0 unreachable=1/);
    for (const node of nodes) expect(await marks(node)).toBe('ntp\n');
  });

  it('refuses a playbook with a type error before its first task, with exit 4 (the check runs while the hosts are connected)', async () => {
    // A site as `corectl init` makes one: corectl is a dependency, so the check reads its declarations.
    const dir = mkdtempSync(join(tmpdir(), 'corectl-bad-pb-'));
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(process.cwd(), join(dir, 'node_modules/corectl'));
    writeFileSync(join(dir, 'package.json'), '{"type": "module"}');
    writeFileSync(join(dir, 'bad.ts'), readFileSync(PLAYBOOK, 'utf8').replace("tags: ['ntp']", "tags: 'ntp'"));
    const result = await corectl(['run', join(dir, 'bad.ts'), '-i', cluster.inventory]);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/bad\.ts:7:\d+: Type 'string' is not assignable to type 'string\[\]'/);
    for (const node of nodes) expect(await marks(node)).toBe('');
  });

  it('names the playbook line where loading threw, with exit 4', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corectl-throw-pb-'));
    writeFileSync(join(dir, 'package.json'), '{"type": "module"}');
    writeFileSync(join(dir, 'throws.ts'), `import { playbook } from '${process.cwd()}/src/index.ts';\nexport default playbook(() => {\n  throw new Error('no site vars');\n});\n`);
    const result = await corectl(['run', join(dir, 'throws.ts'), '-i', cluster.inventory, '--no-typecheck']);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain(`${join(dir, 'throws.ts')}:3:9: no site vars`);
  });

  it('corectl facts prints typed facts for every host', async () => {
    const result = await corectl(['facts', 'nodes', '-i', cluster.inventory]);
    expect(result.code).toBe(0);
    const facts = JSON.parse(result.stdout) as Record<string, { hostname: string; os: { id: string }; interfaces: { addresses: { local: string }[] }[]; podmanVersion?: string; bootId: string }>;
    expect(Object.keys(facts)).toEqual(nodes);
    for (const [i, node] of nodes.entries()) {
      expect(facts[node]!.hostname).toBe(node);
      expect(facts[node]!.os.id).toBe('debian');
      expect(facts[node]!.interfaces.flatMap((n) => n.addresses.map((a) => a.local))).toContain(cluster.hosts[i]!.address);
      expect(facts[node]!.podmanVersion).toMatch(/^5\./);
      expect(facts[node]!.bootId).toMatch(/^[0-9a-f-]{36}-\d+$/);
    }
  });
});
