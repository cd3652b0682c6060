// An sshd that throttles an address (OpenSSH PerSourcePenalties, MaxStartups) accepts the TCP
// connection and closes it at once; the operator must be told that, not a bare library message.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_CONNECTION_SETTINGS } from '../../../src/connection/connection-target.ts';
import { HostUnreachableError } from '../../../src/connection/errors.ts';
import { KnownHosts } from '../../../src/connection/known-hosts.ts';
import { SshConnection } from '../../../src/connection/ssh-connection.ts';

let server: Server;
let port: number;
const keyFile = join(mkdtempSync(join(tmpdir(), 'corectl-key-')), 'id_ed25519');
writeFileSync(keyFile, ssh2.utils.generateKeyPairSync('ed25519').private, { mode: 0o600 });

beforeAll(async () => {
  server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('says that sshd may be refusing the address when it closes before the handshake', async () => {
  const settings = { ...DEFAULT_CONNECTION_SETTINGS, knownHosts: await KnownHosts.load([]), warn: () => {} };
  const connection = new SshConnection({ name: 'web1', address: '127.0.0.1', port, user: 'core', identityFiles: [keyFile] }, settings);
  const failure = await connection.connect().catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(HostUnreachableError);
  expect(String((failure as Error).message)).toMatch(/^web1 \(core@127\.0\.0\.1:\d+\): sshd closed the connection before the SSH handshake.*PerSourcePenalties/);
  await connection.close();
});

it('survives a reset before the handshake: ssh2 then reports two errors, and the second once crashed corectl', async () => {
  // Reset once the client has spoken: ssh2 reports the reset, then "lost before handshake".
  const resetting = createServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
  await new Promise<void>((resolve) => resetting.listen(0, '127.0.0.1', resolve));
  const settings = { ...DEFAULT_CONNECTION_SETTINGS, knownHosts: await KnownHosts.load([]), warn: () => {} };
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      const target = { name: 'web1', address: '127.0.0.1', port: (resetting.address() as { port: number }).port, user: 'core', identityFiles: [keyFile] };
      const connection = new SshConnection(target, settings);
      expect(await connection.connect().catch((error: unknown) => error)).toBeInstanceOf(HostUnreachableError);
      // The second error arrives a moment after the first.
      await new Promise((resolve) => setTimeout(resolve, 50));
      await connection.close();
    }
  } finally {
    resetting.close();
  }
});
