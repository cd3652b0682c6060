// `corectl ignition serve`: each host's config at its own unguessable URL, the same across
// restarts; anything else is a 404; every fetch logged, the URLs (the secret) never.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, expect, it } from 'vitest';

const CORECTL = resolve('bin/corectl.js');
const dir = mkdtempSync(join(tmpdir(), 'corectl-serve-'));
writeFileSync(join(dir, 'ns1.ign'), '{"ignition":{"version":"3.3.0"}}\n', { mode: 0o600 });
writeFileSync(join(dir, 'ns2.ign'), '{"ignition":{"version":"3.3.0"},"passwd":{"users":[{"name":"core","passwordHash":"$6$secret"}]}}\n', { mode: 0o600 });

let server: ChildProcess | undefined;
let log = '';
afterEach(() => server?.kill('SIGTERM'));

/** Starts the server; resolves with each host's URL once it has printed them. */
function serve(): Promise<Record<string, string>> {
  log = '';
  server = spawn(process.execPath, [CORECTL, 'ignition', 'serve', dir, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  server.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  return new Promise((done, fail) => {
    let out = '';
    server!.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const urls = Object.fromEntries([...out.matchAll(/^ {2}(\S+) {2}(http:\S+)$/gm)].map((m) => [m[1], m[2]]));
      if (Object.keys(urls).length === 2) done(urls as Record<string, string>);
    });
    server!.once('exit', (code) => fail(new Error(`serve exited ${code}: ${log}`)));
  });
}

it("serves each host its own config at a URL only the operator learns, and logs every fetch", async () => {
  const urls = await serve();
  expect(urls.ns1).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{32}\/ns1\.ign$/);
  const fetched = await fetch(urls.ns2!);
  expect(fetched.status).toBe(200);
  expect(fetched.headers.get('content-type')).toBe('application/vnd.coreos.ignition+json');
  expect(await fetched.text()).toContain('$6$secret');
  // Another host's name with this host's token, a made-up token, another method: nothing.
  const ns1Token = new URL(urls.ns1!).pathname.split('/')[1]!;
  const origin = new URL(urls.ns1!).origin;
  for (const [url, method] of [[`${origin}/${ns1Token}/ns2.ign`, 'GET'], [`${origin}/${'0'.repeat(32)}/ns2.ign`, 'GET'], [urls.ns1!, 'POST'], [`${origin}/${ns1Token}/../ns2.ign`, 'GET']] as const) {
    expect((await fetch(url, { method })).status, `${method} ${url}`).toBe(404);
  }
  await new Promise((r) => setTimeout(r, 100));
  expect(log).toMatch(/127\.0\.0\.1: ns2 fetched its config \(\d+ bytes\)/);
  expect(log).toMatch(/refused/);
  expect(log).not.toContain(ns1Token);
  expect(statSync(join(dir, '.serve-key')).mode & 0o777).toBe(0o600);
  server!.kill('SIGTERM');
  await new Promise((r) => server!.once('exit', r));
  // Restarted, the same URLs (a PXE config written with one keeps working).
  const again = await serve();
  expect(new URL(again.ns1!).pathname).toBe(new URL(urls.ns1!).pathname);
});
