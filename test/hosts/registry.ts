// A private container registry on a test cluster's network, for podman.login: Debian's
// docker-registry (the CNCF distribution registry) on the controller, at the cluster's gateway,
// with TLS from a CA of its own (openssl) and htpasswd logins (bcrypt, apache2-utils). Nothing is
// pulled from outside: tests push what they need from a host.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface TestRegistry {
  /** host:port, as podman names the registry. */
  address: string;
  /** The CA that signed the registry's certificate (PEM): hosts trust it in /etc/containers/certs.d/ADDRESS/ca.crt. */
  caCertificate: string;
  /** The first login the registry takes. */
  username: string;
  password: string;
  /** Every login it takes. */
  users: { username: string; password: string }[];
  stop: () => Promise<void>;
}

const USERS = [
  { username: 'fleet', password: "registry pass: with spaces & $ and 'quotes'" },
  { username: 'deploy', password: 'another-secret' },
];

const PORT = 5000;

export async function startRegistry(gateway: string, users = USERS): Promise<TestRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'corectl-registry-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=corectl test registry CA');
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${gateway}`);
  writeFileSync(join(dir, 'san.ext'), `subjectAltName=IP:${gateway}\nextendedKeyUsage=serverAuth\n`);
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'san.ext');
  writeFileSync(join(dir, 'htpasswd'), users.map((u) => execFileSync('htpasswd', ['-nbB', u.username, u.password], { encoding: 'utf8' }).trim()).join('\n') + '\n');
  writeFileSync(join(dir, 'config.yml'), [
    'version: 0.1',
    'log: { level: error }',
    `storage: { filesystem: { rootdirectory: ${join(dir, 'data')} } }`,
    `http: { addr: "${gateway}:${PORT}", tls: { certificate: ${join(dir, 'server.crt')}, key: ${join(dir, 'server.key')} } }`,
    `auth: { htpasswd: { realm: corectl-test, path: ${join(dir, 'htpasswd')} } }`,
    '',
  ].join('\n'));
  const child = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const stop = async () => {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  while (!(await listening(gateway, PORT))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`docker-registry did not start on ${gateway}:${PORT}: ${stderr.trim() || `exit ${child.exitCode}`}`);
    }
    await sleep(100);
  }
  return { address: `${gateway}:${PORT}`, caCertificate: readFileSync(join(dir, 'ca.crt'), 'utf8'), ...users[0]!, users, stop };
}

function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}
