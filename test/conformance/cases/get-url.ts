// get_url cases: the inputs of Ansible's get_url integration target (ansible/ansible
// test/integration/targets/get_url, GPL-3.0) that need no outside network — a download, again
// (not modified, or a server that ignores If-Modified-Since), checksums in each algorithm and
// spelling, a wrong checksum over a file already there, mode on a new and a downloaded file,
// headers, a missing file — served by the test's HTTP server; then edges (force, content changed
// on the server, a missing directory, backup, binary content). Checksum URLs are not supported.
import { createHash } from 'node:crypto';
import { getUrl } from '../../../modules/index.ts';
import { text, dir, type ConformanceCase, type Tree } from '../conformance-case.ts';

const HELLO = 'hello from the test server\n';
const BINARY = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
/** What the server hands out under /files/. */
export const GET_URL_FILES: Record<string, string | Buffer> = { 'hello.txt': HELLO, 'tool.bin': BINARY };

const digest = (algorithm: string, content: string | Buffer) => createHash(algorithm).update(content).digest('hex');
const sha256 = (content: string | Buffer) => `sha256:${digest('sha256', content)}`;

export function getUrlCases(base: string): ConformanceCase[] {
  function gu(id: string, source: 'ansible' | 'edge', start: Tree, args: Record<string, unknown>, extra: Partial<ConformanceCase> = {}): ConformanceCase {
    const dest = (args.dest as string | undefined) ?? 'f';
    const url = `${base}${args.url as string}`;
    const rest = Object.fromEntries(Object.entries(args).filter(([k]) => k !== 'dest' && k !== 'url'));
    const ours = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k === 'validate_certs' ? 'validateCerts' : k, v]));
    return {
      id: `gu-${id}`, module: 'get_url', source, start,
      ansible: (d) => ({ module: 'get_url', args: { url, dest: `${d}/${dest}`, ...rest } }),
      corectl: (d) => getUrl({ url, path: `${d}/${dest}`, ...ours } as never),
      ...extra,
    };
  }
  const hello = '/files/hello.txt';
  return [
    gu('new', 'ansible', {}, { url: hello }),
    gu('again', 'ansible', { f: text(HELLO) }, { url: hello }),
    gu('checksum-sha256', 'ansible', {}, { url: hello, checksum: sha256(HELLO) }),
    gu('checksum-sha1', 'ansible', {}, { url: hello, checksum: `sha1:${digest('sha1', HELLO)}` }),
    gu('checksum-md5', 'ansible', {}, { url: hello, checksum: `md5:${digest('md5', HELLO)}` }),
    gu('checksum-sha512', 'ansible', {}, { url: hello, checksum: `sha512:${digest('sha512', HELLO)}` }),
    gu('checksum-upper-with-colons', 'ansible', {}, { url: hello, checksum: `sha256:${digest('sha256', HELLO).toUpperCase().match(/../g)!.join(':')}` }),
    gu('checksum-trailing-dot', 'ansible', {}, { url: hello, checksum: `${sha256(HELLO)}.` }),
    gu('not-modified', 'ansible', { f: text('kept as it is\n') }, { url: '/cached' }),
    gu('modified', 'ansible', {}, { url: '/cached' }),
    gu('headers', 'ansible', {}, { url: '/echo', headers: { 'X-Token': 'bar' } }),
    gu('checksum-there-already', 'ansible', { f: text(HELLO) }, { url: hello, checksum: sha256(HELLO) }),
    gu('checksum-wrong', 'edge', {}, { url: hello, checksum: sha256('something else') }),
    gu('checksum-differs-on-host', 'edge', { f: text('old content\n') }, { url: hello, checksum: sha256(HELLO) }),
    gu('force-same', 'edge', { f: text(HELLO) }, { url: hello, force: true }),
    gu('force-differs', 'edge', { f: text('old\n') }, { url: hello, force: true }),
    gu('mode', 'ansible', {}, { url: hello, mode: '0755' }),
    gu('mode-on-same-content', 'ansible', { f: text(HELLO, { mode: 0o600 }) }, { url: hello, mode: '0640' }),
    gu('kept-mode-when-replaced', 'edge', { f: text('old\n', { mode: 0o600 }) }, { url: hello }),
    gu('missing-directory', 'edge', {}, { url: hello, dest: 'nowhere/f' }),
    gu('http-404', 'ansible', {}, { url: '/files/none.txt' }),
    gu('http-500', 'edge', {}, { url: '/status/500' }),
    gu('content-changed-on-server', 'edge', { f: text('yesterday\n') }, { url: hello }),
    gu('binary', 'edge', {}, { url: '/files/tool.bin', checksum: sha256(BINARY), mode: '0755' }),
    gu('backup', 'edge', { f: text('old\n') }, { url: hello, backup: true }),
    gu('in-subdirectory', 'edge', { sub: dir() }, { url: hello, dest: 'sub/f' }),
    gu('checksum-wrong-over-a-file', 'ansible', { f: text('precious\n') }, { url: hello, checksum: sha256('something else') }, {
      deliberate: 'a download whose checksum is wrong: corectl fails and leaves the file there as it was (as ansible-core does since its PR 64092); ansible-core 2.14 moves the download over it, then fails and deletes it',
    }),
  ];
}
