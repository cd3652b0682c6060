// The post-quantum key exchange ssh2 gets at install (bin/patch-ssh2.js): the installed ssh2 offers
// mlkem768x25519-sha256 first; an ssh2 client and server (both sides of the exchange) agree on a
// session with it; the patcher is idempotent, and refuses an ssh2 whose text it does not know.
// Against real OpenSSH 10: test/integration/post-quantum-kex.test.ts.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain JavaScript module (run by npm at install), without declarations
import { patchSsh2 } from '../../../bin/patch-ssh2.js';
import { PQ_KEX, postQuantumAvailable } from '../../../src/connection/post-quantum.ts';

const { Client, Server, utils } = ssh2 as unknown as { Client: typeof ssh2.Client; Server: typeof ssh2.Server; utils: typeof ssh2.utils };

/** Connects an ssh2 client to an ssh2 server offering only `kex`; resolves with what the client negotiated. */
async function handshake(kex: string[]): Promise<string> {
  const keys = (utils as unknown as { generateKeyPairSync(type: string): { private: string } }).generateKeyPairSync('ed25519');
  const hostKey = utils.parseKey(keys.private);
  const server = new Server({ hostKeys: [keys.private], algorithms: { kex: kex as never } }, (connection) => {
    connection.on('authentication', (context) => context.accept());
    connection.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  try {
    return await new Promise<string>((resolve, reject) => {
      const client = new Client();
      let negotiated = '';
      client.on('handshake', (n: { kex: string }) => (negotiated = n.kex));
      client.on('ready', () => {
        client.end();
        resolve(negotiated);
      });
      client.on('error', reject);
      client.connect({ host: '127.0.0.1', port, username: 'u', password: 'p', hostVerifier: (key: Buffer) => Buffer.compare(key, (hostKey as { getPublicSSH(): Buffer }).getPublicSSH()) === 0 });
    });
  } finally {
    server.close();
  }
}

describe('post-quantum key exchange in ssh2', () => {
  it('is installed: ssh2 offers mlkem768x25519-sha256 first', async () => {
    expect(postQuantumAvailable()).toBe(true);
    const { DEFAULT_KEX } = (await import('ssh2/lib/protocol/constants.js' as string)) as { DEFAULT_KEX: string[] };
    expect(DEFAULT_KEX[0]).toBe(PQ_KEX);
  });

  it('makes a session between an ssh2 client and server (host key signature over the hybrid exchange hash verified)', async () => {
    expect(await handshake([PQ_KEX])).toBe(PQ_KEX);
    // Offered first, it is chosen; a classical server still gets its classical exchange.
    expect(await handshake([PQ_KEX, 'curve25519-sha256'])).toBe(PQ_KEX);
    expect(await handshake(['curve25519-sha256'])).toBe('curve25519-sha256');
  });

  it('patches once, and refuses an ssh2 whose source it does not know', () => {
    const dir = mkdtempSync(join(tmpdir(), 'corectl-ssh2-'));
    mkdirSync(join(dir, 'lib/protocol'), { recursive: true });
    const installed = (file: string) => readFileSync(new URL(`../../../node_modules/ssh2/lib/protocol/${file}`, import.meta.url), 'utf8');
    // The installed files without the patch's lines: ssh2's own text.
    const unpatched = (text: string) => text.replace(/^.*corectl: post-quantum key exchange.*\n(?: {10}if \(!curve25519Supported\)\n {12}break;\n {10}return new MlKem768X25519Exchange\('sha256', \.\.\.args\);\n)?/gm, '');
    writeFileSync(join(dir, 'lib/protocol/constants.js'), unpatched(installed('constants.js')));
    writeFileSync(join(dir, 'lib/protocol/kex.js'), unpatched(installed('kex.js')));
    expect(readFileSync(join(dir, 'lib/protocol/kex.js'), 'utf8')).not.toContain('MlKem768X25519Exchange');
    expect(patchSsh2(dir)).toBe('patched');
    // The same lines as the install's, but for where the exchange is found from there.
    const samePlaces = (text: string) => text.replace(/require\("[^"]+mlkem768x25519\.cjs"\)/, 'require(EXCHANGE)');
    expect(samePlaces(readFileSync(join(dir, 'lib/protocol/kex.js'), 'utf8'))).toBe(samePlaces(installed('kex.js')));
    expect(readFileSync(join(dir, 'lib/protocol/constants.js'), 'utf8')).toBe(installed('constants.js'));
    expect(patchSsh2(dir)).toBe('already');
    writeFileSync(join(dir, 'lib/protocol/kex.js'), 'module.exports = {};\n');
    writeFileSync(join(dir, 'lib/protocol/constants.js'), unpatched(installed('constants.js')));
    expect(() => patchSsh2(dir)).toThrow(/is not the source the post-quantum patch knows \(kex\.js changed\)/);
  });
});
