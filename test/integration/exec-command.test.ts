// `corectl exec` end to end: the real CLI against real sshd test hosts.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corectl, inventoryWithGhost, testCluster } from './helpers.ts';

describe('corectl exec', () => {
  const cluster = testCluster();
  const nodes = cluster.hosts.map((h) => h.name);

  it('runs on every node in parallel and prints each host name once', async () => {
    const result = await corectl(['exec', 'nodes', '-i', cluster.inventory, '--', 'hostname']);
    expect(result.code).toBe(0);
    const names = result.stdout.split('\n').filter((line) => line.includes(' | ')).map((line) => line.split(' | ')[1]);
    expect(new Set(names)).toEqual(new Set(nodes));
    expect(result.stdout).toMatch(/3 hosts: 3 ok, 0 failed, 0 unreachable/);
  });

  it('runs as root with --become, and as core without', async () => {
    const plain = await corectl(['exec', nodes[0]!, '-i', cluster.inventory, '--', 'id -un']);
    const root = await corectl(['exec', nodes[0]!, '-i', cluster.inventory, '--become', '--', 'id -un; cat /etc/sudoers.d/core >/dev/null && echo can-read']);
    expect(plain.stdout).toContain(`${nodes[0]} | core`);
    expect(root.stdout).toContain(`${nodes[0]} | root`);
    expect(root.stdout).toContain(`${nodes[0]} | can-read`);
  });

  it('reports a failing command per host and exits 2', async () => {
    const result = await corectl(['exec', 'nodes', '-i', cluster.inventory, '--', `test "$(hostname)" != ${nodes[1]}`]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(new RegExp(`${nodes[1]}\\s+FAILED\\s+\\S+\\s+rc=1`));
    expect(result.stdout).toMatch(/3 hosts: 2 ok, 1 failed/);
  });

  it('reaches the hidden host only through its bastion', async () => {
    const hidden = cluster.hidden!;
    const through = await corectl(['exec', hidden.name, '-i', cluster.inventory, '--', 'echo "$SSH_CONNECTION"']);
    expect(through.code).toBe(0);
    // sshd on the hidden host sees the connection coming from the bastion's side of their link.
    expect(through.stdout).toMatch(new RegExp(`${hidden.name}\\s+\\| \\S+\\.199 \\d+ ${hidden.address.replaceAll('.', '\\.')} 22`));

    const dir = mkdtempSync(join(tmpdir(), 'corectl-direct-'));
    const inventory = readFileSync(cluster.inventory, 'utf8').replace(/\n\s+jump: .*/, '');
    copyFileSync(cluster.clientKey, join(dir, 'client_ed25519'));
    copyFileSync(cluster.knownHosts, join(dir, 'known_hosts'));
    writeFileSync(join(dir, 'inventory.yaml'), inventory);
    const direct = await corectl(['exec', hidden.name, '-i', join(dir, 'inventory.yaml'), '--connect-timeout', '2', '--', 'true']);
    expect(direct.code).toBe(3);
    expect(direct.stdout).toMatch(/UNREACHABLE/);
  });

  it('reports an unreachable host while the others succeed, and exits 3', async () => {
    const result = await corectl(['exec', 'all:!hidden', '-i', inventoryWithGhost(250), '--connect-timeout', '3', '--', 'hostname']);
    expect(result.code, result.stdout + result.stderr).toBe(3);
    expect(result.stdout).toMatch(/ghost\s+UNREACHABLE/);
    for (const node of nodes) expect(result.stdout).toMatch(new RegExp(`${node}\\s+OK`));
  });

  it('refuses a host whose key changed, naming host, fingerprint, file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corectl-hostkey-'));
    const lines = readFileSync(cluster.knownHosts, 'utf8').split('\n');
    // Give node2's address node1's key: exactly what a reinstalled or impersonated host looks like.
    const node2 = cluster.hosts[1]!;
    const forged = lines.map((line) => (line.startsWith(`${node2.address} `) ? `${node2.address} ${cluster.hosts[0]!.hostKey}` : line));
    writeFileSync(join(dir, 'known_hosts'), forged.join('\n'));
    copyFileSync(cluster.clientKey, join(dir, 'client_ed25519'));
    writeFileSync(join(dir, 'inventory.yaml'), readFileSync(cluster.inventory, 'utf8'));
    const result = await corectl(['exec', 'nodes', '-i', join(dir, 'inventory.yaml'), '--', 'hostname']);
    expect(result.code).toBe(3);
    const line = forged.findIndex((l) => l.startsWith(`${node2.address} `)) + 1;
    expect(result.stdout).toMatch(new RegExp(`${node2.name}\\s+UNREACHABLE .*HOST KEY CHANGED for ${node2.name} \\(${node2.address}\\): it presented ssh-ed25519 key SHA256:\\S+, but ${join(dir, 'known_hosts')}:${line} records another key`));
    expect(result.stdout).not.toContain(`${node2.name} | `);
  });

  it('rejects an unknown host in strict mode and records it with accept-new', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corectl-newhost-'));
    copyFileSync(cluster.clientKey, join(dir, 'client_ed25519'));
    writeFileSync(join(dir, 'known_hosts'), '');
    writeFileSync(join(dir, 'inventory.yaml'), readFileSync(cluster.inventory, 'utf8'));
    const args = ['exec', cluster.hosts[2]!.name, '-i', join(dir, 'inventory.yaml')];
    const strict = await corectl([...args, '--', 'true']);
    expect(strict.code).toBe(3);
    expect(strict.stdout).toMatch(/is not in known_hosts/);
    const acceptNew = await corectl([...args, '--host-key-check', 'accept-new', '--', 'true']);
    expect(acceptNew.code).toBe(0);
    expect(readFileSync(join(dir, 'known_hosts'), 'utf8').trim()).toBe(`${cluster.hosts[2]!.address} ${cluster.hosts[2]!.hostKey}`);
    expect((await corectl([...args, '--', 'true'])).code).toBe(0);
  });

  it('fails before contacting any host on a bad pattern, with exit 4', async () => {
    const result = await corectl(['exec', 'nodez', '-i', cluster.inventory, '--', 'true']);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/"nodez" matches no host or group/);
  });
});
