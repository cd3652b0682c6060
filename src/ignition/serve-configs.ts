// Serves the configs `corectl ignition` wrote to the hosts that boot from them
// (`coreos-installer install --ignition-url`, or PXE's `ignition.config.url`). Each host's config
// is at a path of its own with a token in it that only the operator learns (an HMAC of the host's
// name under a key kept next to the configs, so the URLs stay the same across restarts): a host
// cannot fetch another's config, and its secrets, by guessing a name. Every fetch is logged.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';

const KEY_FILE = '.serve-key';
const TOKEN = /^\/([0-9a-f]{32})\/([^/]+)\.ign$/;

/** The key the tokens are made with: made once, readable by its owner only. */
function serveKey(dir: string): Buffer {
  const path = join(dir, KEY_FILE);
  try {
    return Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
  } catch {
    const key = randomBytes(32);
    writeFileSync(path, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  }
}

const tokenOf = (key: Buffer, host: string) => createHmac('sha256', key).update(host).digest('hex').slice(0, 32);

export interface ConfigServer {
  server: Server;
  /** Each host's path on the server (`/TOKEN/HOST.ign`). */
  paths: Map<string, string>;
}

export function serveConfigs(dir: string, log: (line: string) => void): ConfigServer {
  const key = serveKey(dir);
  const hosts = readdirSync(dir).filter((name) => name.endsWith('.ign')).map((name) => name.slice(0, -'.ign'.length));
  const paths = new Map(hosts.map((host) => [host, `/${tokenOf(key, host)}/${host}.ign`]));
  const server = createServer((request, response) => {
    const from = request.socket.remoteAddress ?? '?';
    const match = TOKEN.exec(request.url ?? '');
    const host = match?.[2];
    const known = host !== undefined && paths.has(host) && timingSafeEqual(Buffer.from(match![1]!), Buffer.from(tokenOf(key, host)));
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !known) {
      log(`${from}: ${request.method} refused (no config at that path)`);
      response.writeHead(404).end();
      return;
    }
    let body: Buffer;
    try {
      // Read at each fetch: configs written again since the server started are served as they are now.
      body = readFileSync(join(dir, `${host}.ign`));
    } catch {
      log(`${from}: ${host}'s config cannot be read`);
      response.writeHead(404).end();
      return;
    }
    log(`${from}: ${host} fetched its config (${body.length} bytes)`);
    response.writeHead(200, { 'Content-Type': 'application/vnd.coreos.ignition+json', 'Content-Length': body.length, 'Cache-Control': 'no-store' });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  return { server, paths };
}
