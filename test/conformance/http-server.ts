// A small HTTP server for the uri and getUrl cases, started by the test on the test network (the
// cluster's bridge address): the hosts reach it, nothing outside does.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestHttpServer {
  /** http://ADDRESS:PORT, without a trailing slash. */
  base: string;
  close(): Promise<void>;
}

export const BASIC_USER = 'ops';
export const BASIC_PASSWORD = 'pa:ss"word';

async function bodyOf(request: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of request) body += chunk;
  return body;
}

/** Routes: /ok, /json, /status/NNN, /echo, /cached (If-Modified-Since), /redirect, /auth (basic), /slow, /files/NAME (from `files`). */
export async function startHttpServer(address: string, files: Record<string, string | Buffer> = {}): Promise<TestHttpServer> {
  const server: Server = createServer(async (request, response) => {
    const body = await bodyOf(request);
    const url = new URL(request.url ?? '/', 'http://test');
    const json = (status: number, value: unknown) => { response.writeHead(status, { 'content-type': 'application/json' }); response.end(JSON.stringify(value)); };
    const status = /^\/status\/(\d{3})$/.exec(url.pathname);
    if (url.pathname === '/ok') { response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }); response.end('hello\n'); }
    else if (url.pathname === '/json') json(200, { name: 'corectl', items: [1, 2, 3], nested: { ready: true } });
    else if (status) { response.writeHead(Number(status[1]), { 'content-type': 'text/plain' }); response.end(`status ${status[1]}\n`); }
    else if (url.pathname === '/echo') json(200, { method: request.method, body, contentType: request.headers['content-type'] ?? 'none', token: request.headers['x-token'] ?? 'none' });
    // Answers If-Modified-Since as a cache would: not modified since 2020.
    else if (url.pathname === '/cached') {
      if (request.headers['if-modified-since']) { response.writeHead(304); response.end(); }
      else { response.writeHead(200, { 'content-type': 'text/plain', 'last-modified': 'Wed, 01 Jan 2020 00:00:00 GMT' }); response.end('cached content\n'); }
    } else if (url.pathname === '/redirect') { response.writeHead(302, { location: '/json' }); response.end(); }
    else if (url.pathname === '/auth') {
      const expected = `Basic ${Buffer.from(`${BASIC_USER}:${BASIC_PASSWORD}`).toString('base64')}`;
      if (request.headers.authorization === expected) json(200, { user: BASIC_USER });
      else { response.writeHead(401, { 'www-authenticate': 'Basic realm="test"', 'content-type': 'text/plain' }); response.end('who are you?\n'); }
    } else if (url.pathname === '/slow') setTimeout(() => { response.writeHead(200); response.end('late\n'); }, 4000);
    else if (url.pathname.startsWith('/files/') && files[url.pathname.slice(7)] !== undefined) { response.writeHead(200, { 'content-type': 'application/octet-stream' }); response.end(files[url.pathname.slice(7)]); }
    else { response.writeHead(404, { 'content-type': 'text/plain' }); response.end('not found\n'); }
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(0, address, resolve); });
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://${address}:${port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
