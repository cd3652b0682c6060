// `corectl ... | head`: the reader goes away while corectl is still printing. corectl must not
// crash on the broken pipe; it finishes and exits with its own code.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ssh2 from 'ssh2';
import { expect, it } from 'vitest';

it('finishes with its own exit code when the reader of its output goes away', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'corectl-closed-'));
  try {
    // Hosts that refuse at once (nothing listens on port 1): a line each, one after another.
    const hosts = Array.from({ length: 400 }, (_, i) => `  host${i}:\n    address: 127.0.0.1\n    port: 1\n`).join('');
    writeFileSync(join(dir, 'id'), ssh2.utils.generateKeyPairSync('ed25519').private);
    writeFileSync(join(dir, 'hosts.yaml'), `defaults:\n  identityFile: ./id\nhosts:\n${hosts}`);
    const child = spawn(process.execPath, [resolve('bin/corectl.js'), 'exec', 'all', '-i', join(dir, 'hosts.yaml'), '--host-key-check', 'off', '--', 'true'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).not.toMatch(/EPIPE|Unhandled|internal error/);
    expect(code).toBe(3); // every host unreachable, as the run found
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
