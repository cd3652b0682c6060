// uri against ansible.builtin.uri: requests from the host to the test's HTTP server (the inputs of
// Ansible's uri target that need no outside network: statuses, JSON, bodies, redirects, basic
// auth, timeouts). What a request returned is written into a file by the next task in each tool,
// so the comparison covers the result's values as well as its status. The cases of a real run
// share one play; those in check mode have one each.
import { file, uri } from '../../../../modules/index.ts';
import type { PlayBuilder } from '../../../../src/playbook/dsl.ts';
import { BASIC_PASSWORD, BASIC_USER } from '../../http-server.ts';
import type { LanguageCase } from '../../language/language-case.ts';

const DIR = '/var/tmp/corectl-uri';
const setup = `rm -rf ${DIR}; mkdir -p ${DIR}`;
const probe = `cd ${DIR} && for f in $(find . -type f | sort); do printf '%s %s ' "$f" "$(stat -c %a "$f")"; cat "$f"; done; echo end`;

type Uri = { url: string } & Record<string, unknown>;
type Data = { status?: number; url?: string; redirected?: boolean; content?: string; json?: unknown } | undefined;

interface UriCase {
  id: string;
  source: 'ansible' | 'edge';
  /** uri's arguments as Ansible's YAML has them. */
  ansible: Record<string, unknown>;
  corectl: Uri;
  /** What the next task writes of the result: a Jinja expression over `r` and the same in TypeScript. */
  record?: { jinja: string; ts: (data: Data) => string };
  ignoreErrors?: boolean;
  modes?: ('run' | 'check')[];
  deliberate?: string;
  deliberateIn?: ('run' | 'check')[];
}

const get = (path: string) => ({ url: path });
const CHECK_SENDS_GET = "in check mode: corectl sends a GET or HEAD (it only reads) and its result is real; Ansible's uri has no check mode and is skipped";

/** Ansible's tasks and corectl's for one case: the request, then the record of what it returned (in DIR/ID). */
function tasksOf(base: string, c: UriCase) {
  const url = `${base}${c.ansible.url as string}`;
  const out = `${DIR}/${c.id}`;
  return {
    ansible: [
      { name: `${c.id}: request`, uri: { ...c.ansible, url }, register: 'r', ...(c.ignoreErrors && { ignore_errors: true }) },
      ...(c.record ? [{ name: `${c.id}: record`, copy: { dest: out, content: `${c.record.jinja}\n` } }] : []),
    ],
    corectl: (play: PlayBuilder<Record<string, unknown>>) => {
      const r = play.task(`${c.id}: request`, uri({ ...c.corectl, url: `${base}${c.corectl.url}` } as never), c.ignoreErrors ? { ignoreErrors: true } : {});
      const record = c.record;
      if (record) play.task(`${c.id}: record`, file((ctx) => ({ path: out, content: `${record.ts(ctx.result(r)?.data as Data)}\n` })));
    },
  };
}

/** A case on its own play (the check-mode ones, each with its own verdict). */
function alone(base: string, c: UriCase): LanguageCase {
  const { ansible, corectl } = tasksOf(base, c);
  return { id: `uri-${c.id}`, source: c.source, setup, probe, modes: c.modes ?? ['run'], ...(c.deliberate && { deliberate: c.deliberate, deliberateIn: c.deliberateIn }), ansible, corectl };
}

/**
 * The cases of a real run in one play, one after the other (a request leaves nothing on the host
 * but its record, in a file of its own): one ansible-playbook run instead of one per case.
 */
function together(parts: { base: string; c: UriCase }[]): LanguageCase {
  const all = parts.map(({ base, c }) => tasksOf(base, c));
  return {
    id: 'uri-requests', source: 'ansible', setup, probe, modes: ['run'],
    ansible: all.flatMap((t) => t.ansible),
    corectl: (play) => { for (const t of all) t.corectl(play); },
  };
}

const status = { jinja: '{{ r.status }}', ts: (d: Data) => String(d?.status) };
const yesNo = (v: unknown) => (v ? 'yes' : 'no');

const cases: UriCase[] = [
  { id: 'get-ok', source: 'ansible', ansible: get('/ok'), corectl: get('/ok'), record: status },
  { id: 'get-ok-in-check-mode', source: 'edge', ansible: get('/ok'), corectl: get('/ok'), modes: ['check'], deliberate: CHECK_SENDS_GET },
  { id: 'post-in-check-mode', source: 'edge', ansible: { url: '/echo', method: 'POST', body: 'x' }, corectl: { url: '/echo', method: 'POST', body: 'x' }, modes: ['check'] },
  { id: 'return-content', source: 'ansible', ansible: { url: '/ok', return_content: true }, corectl: { url: '/ok', returnContent: true }, record: { jinja: '{{ r.content | trim }}', ts: (d) => d?.content?.trim() ?? '' } },
  { id: 'json-parsed', source: 'ansible', ansible: get('/json'), corectl: get('/json'), record: { jinja: '{{ r.json.name }} {{ r.json["items"] | length }} {{ r.json.nested.ready }}', ts: (d) => { const j = d?.json as { name: string; items: number[]; nested: { ready: boolean } }; return `${j.name} ${j.items.length} ${j.nested.ready ? 'True' : 'False'}`; } } },
  { id: 'status-404-fails', source: 'ansible', ansible: get('/status/404'), corectl: get('/status/404'), ignoreErrors: true },
  { id: 'status-404-expected', source: 'ansible', ansible: { url: '/status/404', status_code: 404 }, corectl: { url: '/status/404', statusCode: 404 }, record: status },
  { id: 'status-in-list', source: 'ansible', ansible: { url: '/status/201', status_code: [200, 201] }, corectl: { url: '/status/201', statusCode: [200, 201] }, record: status },
  { id: 'status-500-fails', source: 'edge', ansible: get('/status/500'), corectl: get('/status/500'), ignoreErrors: true },
  {
    id: 'post-json', source: 'ansible',
    ansible: { url: '/echo', method: 'POST', body_format: 'json', body: { name: 'corectl', n: 3 } },
    corectl: { url: '/echo', method: 'POST', bodyFormat: 'json', body: { name: 'corectl', n: 3 } },
    record: { jinja: '{{ r.json.method }} {{ r.json.contentType }} {{ r.json.body }}', ts: (d) => { const j = d?.json as Record<string, string>; return `${j.method} ${j.contentType} ${j.body}`; } },
  },
  {
    id: 'post-form', source: 'ansible',
    ansible: { url: '/echo', method: 'POST', body_format: 'form-urlencoded', body: { user: 'a b', lang: 'fr' } },
    corectl: { url: '/echo', method: 'POST', bodyFormat: 'form-urlencoded', body: { user: 'a b', lang: 'fr' } },
    record: { jinja: '{{ r.json.contentType }} {{ r.json.body }}', ts: (d) => { const j = d?.json as Record<string, string>; return `${j.contentType} ${j.body}`; } },
  },
  {
    id: 'put-raw-body-header', source: 'ansible',
    ansible: { url: '/echo', method: 'PUT', body: 'a "raw" body\nwith $HOME', headers: { 'Content-Type': 'text/plain', 'X-Token': 't0k3n' } },
    corectl: { url: '/echo', method: 'PUT', body: 'a "raw" body\nwith $HOME', headers: { 'Content-Type': 'text/plain', 'X-Token': 't0k3n' } },
    record: { jinja: '{{ r.json.method }} {{ r.json.contentType }} {{ r.json.token }} {{ r.json.body | b64encode }}', ts: (d) => { const j = d?.json as Record<string, string>; return `${j.method} ${j.contentType} ${j.token} ${Buffer.from(j.body!).toString('base64')}`; } },
  },
  { id: 'redirect-followed', source: 'ansible', ansible: get('/redirect'), corectl: get('/redirect'), record: { jinja: '{{ r.status }} {{ "yes" if r.redirected else "no" }} {{ r.json.name }}', ts: (d) => `${d?.status} ${yesNo(d?.redirected)} ${(d?.json as { name: string }).name}` } },
  { id: 'redirect-post-not-followed', source: 'ansible', ansible: { url: '/redirect', method: 'POST', body: 'x', status_code: 302 }, corectl: { url: '/redirect', method: 'POST', body: 'x', statusCode: 302 }, record: { jinja: '{{ r.status }} {{ "yes" if r.redirected else "no" }}', ts: (d) => `${d?.status} ${yesNo(d?.redirected)}` } },
  { id: 'redirect-none', source: 'ansible', ansible: { url: '/redirect', follow_redirects: 'none', status_code: 302 }, corectl: { url: '/redirect', followRedirects: 'none', statusCode: 302 }, record: status },
  { id: 'redirect-none-fails', source: 'ansible', ansible: { url: '/redirect', follow_redirects: 'none' }, corectl: { url: '/redirect', followRedirects: 'none' }, ignoreErrors: true },
  {
    id: 'basic-auth', source: 'ansible',
    ansible: { url: '/auth', url_username: BASIC_USER, url_password: BASIC_PASSWORD, force_basic_auth: true },
    corectl: { url: '/auth', urlUsername: BASIC_USER, urlPassword: BASIC_PASSWORD },
    record: { jinja: '{{ r.status }} {{ r.json.user }}', ts: (d) => `${d?.status} ${(d?.json as { user: string }).user}` },
  },
  { id: 'auth-missing', source: 'ansible', ansible: get('/auth'), corectl: get('/auth'), ignoreErrors: true },
  { id: 'head', source: 'edge', ansible: { url: '/ok', method: 'HEAD' }, corectl: { url: '/ok', method: 'HEAD' }, record: status },
  { id: 'timeout', source: 'ansible', ansible: { url: '/slow', timeout: 1 }, corectl: { url: '/slow', timeout: 1 }, ignoreErrors: true },
  { id: 'creates-there', source: 'ansible', ansible: { url: '/status/500', creates: '/etc/hostname' }, corectl: { url: '/status/500', creates: '/etc/hostname' } },
  { id: 'removes-missing', source: 'ansible', ansible: { url: '/status/500', removes: '/etc/cm-no-such-file' }, corectl: { url: '/status/500', removes: '/etc/cm-no-such-file' } },
];

/** The uri cases against the server at `base` (and one at `closed`, where nothing listens). */
export const URI_CASE_COUNT = cases.length + 1;
export function uriCases(base: string, closed: string): LanguageCase[] {
  const refused: UriCase = { id: 'connection-refused', source: 'ansible', ansible: get(''), corectl: get(''), ignoreErrors: true };
  const inRun = [...cases.filter((c) => !c.modes), refused];
  return [together(inRun.map((c) => ({ base: c === refused ? closed : base, c }))), ...cases.filter((c) => c.modes).map((c) => alone(base, c))];
}
