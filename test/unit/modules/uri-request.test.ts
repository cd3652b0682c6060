// uri's request as curl's config (values quoted as curl's parser reads them, only HTTP(S), the body
// never read from a file), JSON bodies as Python's json.dumps writes them, and its options.
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { uri } from '../../../modules/index.ts';
import { curlConfig } from '../../../modules/uri/curl-config.ts';
import { pythonJsonDumps } from '../../../modules/uri/python-json.ts';
import { withoutCredentials } from '../../../modules/uri/http-options.ts';

const run = promisify(execFile);
const parse = (options: Record<string, unknown>) => uri({} as never).definition.schema.safeParse(options);

describe('uri request', () => {
  it("quotes every value so that curl's config parser gives it back exactly", async () => {
    // A local server records what curl sent; the value travels in a header and in the body.
    const seen: { header: string; body: string }[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => { body += chunk; });
      request.on('end', () => { seen.push({ header: String(request.headers['x-value']), body }); response.end('ok'); });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const dir = mkdtempSync(join(tmpdir(), 'corectl-curl-'));
    try {
      for (const value of ['a"b', 'back\\slash', 'tab\there', "quote's", '$HOME`id`', '@/etc/passwd', 'é😀']) {
        const config = join(dir, 'config');
        writeFileSync(config, curlConfig({ url: `http://127.0.0.1:${port}/`, method: 'POST', headers: { 'X-Value': value }, body: `${value}\nsecond line`, timeout: 5, followRedirects: 'none', validateCerts: true }));
        await run('curl', ['--config', config, '--silent', '--show-error', '--output', '/dev/null']);
        expect(seen.at(-1)).toEqual({ header: Buffer.from(value).toString('latin1'), body: `${value}\nsecond line` });
      }
    } finally {
      server.close();
    }
  });

  it('asks for HTTP(S) only, sends a body as it is (never a file named by @), follows redirects as Ansible does', () => {
    const config = curlConfig({ url: 'http://h/x', method: 'POST', headers: { 'X-A': 'b' }, body: '@/etc/shadow', timeout: 5, followRedirects: 'safe', validateCerts: true });
    expect(config).toContain('proto = "=http,https"\nproto-redir = "=http,https"\n');
    expect(config).toContain('data-raw = "@/etc/shadow"');
    expect(config).not.toMatch(/^location/m);
    expect(curlConfig({ url: 'http://h/x', method: 'GET', headers: {}, timeout: 5, followRedirects: 'safe', validateCerts: false })).toMatch(/^location\nmax-redirs = 10\ninsecure\n$/m);
    expect(curlConfig({ url: 'http://h/x', method: 'HEAD', headers: {}, timeout: 5, followRedirects: 'none', validateCerts: true })).toMatch(/^head$/m);
  });

  it("encodes a JSON body as Python's json.dumps does", () => {
    expect(pythonJsonDumps({ name: 'corectl', n: 3, list: [1, 2.5, null, true], nested: {}, text: 'é😀\u007f\u0001\n"' })).toBe(
      '{"name": "corectl", "n": 3, "list": [1, 2.5, null, true], "nested": {}, "text": "\\u00e9\\ud83d\\ude00\\u007f\\u0001\\n\\""}',
    );
    const parsed = parse({ url: 'http://h/', method: 'POST', body: { a: 1 }, bodyFormat: 'json' });
    expect(parsed.success && (parsed.data as { body: string }).body).toBe('{"a": 1}');
    const form = parse({ url: 'http://h/', method: 'POST', body: { user: 'a b', lang: 'é' }, bodyFormat: 'form-urlencoded' });
    expect(form.success && (form.data as { body: string }).body).toBe('user=a+b&lang=%C3%A9');
  });

  it('refuses what it cannot send, and answers Ansible names', () => {
    expect(parse({ url: 'file:///etc/shadow' }).error?.issues[0]?.message).toMatch(/http:\/\/ or https:\/\//);
    expect(parse({ url: 'http://h/', method: 'get' }).error?.issues[0]?.message).toMatch(/single word in uppercase/);
    expect(parse({ url: 'http://h/', headers: { 'X-A': 'b\r\nX-Injected: 1' } }).error?.issues[0]?.message).toMatch(/one line/);
    expect(parse({ url: 'http://h/', body: { a: 1 } }).error?.issues[0]?.message).toMatch(/a raw body is text/);
    expect(parse({ url: 'http://h/', status_code: 201 }).error?.issues[0]?.message).toMatch(/`status_code` is Ansible's name; corectl calls it `statusCode`/);
  });

  it('shows and keeps a URL without the credentials in it, and nothing else cut', () => {
    expect(withoutCredentials('https://ops:s3cr%40t@h.example:8443/x?y=1')).toBe('https://h.example:8443/x?y=1');
    expect(withoutCredentials('http://h/a//b@c')).toBe('http://h/a//b@c');
    expect(uri({ url: 'http://u:p@h/x' }).definition.describe(uri({} as never).definition.schema.parse({ url: 'http://u:p@h/x' }))).toBe('GET http://h/x');
  });

  it('is sensitive with a password or a credential header, and reads only for GET and HEAD', () => {
    const definition = uri({} as never).definition;
    const options = (o: Record<string, unknown>) => definition.schema.parse(o);
    expect(definition.sensitive!(options({ url: 'http://h/', urlUsername: 'u', urlPassword: 'p' }))).toBe(true);
    expect(definition.sensitive!(options({ url: 'http://h/', headers: { Authorization: 'Bearer x' } }))).toBe(true);
    expect(definition.sensitive!(options({ url: 'http://h/' }))).toBe(false);
    const readOnly = definition.readOnly as (o: unknown) => boolean;
    expect(readOnly(options({ url: 'http://h/' }))).toBe(true);
    expect(readOnly(options({ url: 'http://h/', method: 'POST' }))).toBe(false);
  });
});
