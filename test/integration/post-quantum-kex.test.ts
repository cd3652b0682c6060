// The post-quantum hybrid key exchange against real OpenSSH 10 (Debian 13's sshd): a second sshd
// on a test host that allows only mlkem768x25519-sha256, and a third that allows only classical
// curve25519. corectl connects to the first with it (-v names it), warns once per run about the
// classical ones, and with --require-post-quantum refuses them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corectl, onHost, testCluster } from './helpers.ts';

describe('post-quantum key exchange with OpenSSH 10', () => {
  const cluster = testCluster();
  const node = cluster.hosts[0]!;
  const dir = mkdtempSync(join(tmpdir(), 'corectl-pq-'));
  const inventory = join(dir, 'hosts.yaml');
  const knownHosts = join(dir, 'known_hosts');
  const sshd = (port: number, kex: string) => `/usr/sbin/sshd -p ${port} -o KexAlgorithms=${kex} -o PidFile=/run/sshd-${port}.pid`;

  beforeAll(async () => {
    await onHost(node.name, `${sshd(2201, 'mlkem768x25519-sha256')} && ${sshd(2202, 'curve25519-sha256')}`);
    writeFileSync(knownHosts, [2201, 2202].map((port) => `[${node.address}]:${port} ${node.hostKey}\n`).join(''));
    writeFileSync(inventory, [
      `defaults: { user: core, identityFile: ${cluster.clientKey}, knownHosts: ${knownHosts} }`,
      'hosts:',
      `  pq-only: { address: ${node.address}, port: 2201 }`,
      `  classical1: { address: ${node.address}, port: 2202 }`,
      `  classical2: { address: ${node.address}, port: 2202 }`,
      '',
    ].join('\n'));
  });
  afterAll(async () => {
    await onHost(node.name, 'kill $(cat /run/sshd-2201.pid /run/sshd-2202.pid) 2>/dev/null; true');
  });

  it('connects to an sshd that allows only mlkem768x25519-sha256, and -v names the key exchange', async () => {
    const result = await corectl(['exec', 'pq-only', '-i', inventory, '-v', '--', 'echo reached']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/pq-only\s+\|?\s*reached/);
    expect(result.stderr).toContain('pq-only: key exchange mlkem768x25519-sha256');
    expect(result.stderr).not.toContain('not a post-quantum key exchange');
  });

  it('warns once per run about hosts that settle for a classical key exchange', async () => {
    const result = await corectl(['exec', 'classical1,classical2', '-i', inventory, '--', 'true']);
    expect(result.code).toBe(0);
    expect(result.stderr.match(/negotiated curve25519-sha256, not a post-quantum key exchange/g)).toHaveLength(1);
  });

  it('with --require-post-quantum, reaches the post-quantum host and refuses the classical one', async () => {
    const result = await corectl(['exec', 'all', '-i', inventory, '--require-post-quantum', '--connect-timeout', '5', '--', 'true']);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/pq-only\s+OK/);
    expect(result.stdout).toMatch(/classical1\s+UNREACHABLE.*it offers no post-quantum key exchange \(mlkem768x25519-sha256, OpenSSH 9\.9 or later\), and --require-post-quantum refuses classical ones/);
  });
});
