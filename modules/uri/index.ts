// uri: an HTTP(S) request from the host, as Ansible's uri: the status it must answer with, the
// body back (JSON parsed), for a health check after a restart or a call to a local API. It asks
// with curl (Fedora CoreOS ships it); the request travels on stdin as curl's config. A GET or HEAD
// only reads, so it runs in check mode too; another method is not sent in check mode.
import { z } from 'zod';
import { absolutePathSchema, defineModule, moduleOptions, shellScript } from 'corectl/module';
import script from './uri.sh';
import { curlConfig } from './curl-config.ts';
import { pythonJsonDumps } from './python-json.ts';
import { carriesSecrets, headersSchema, httpUrlSchema, urlPasswordSchema, urlUsernameSchema, withoutCredentials } from './http-options.ts';

const SAFE_METHODS = ['GET', 'HEAD'];

const schema = moduleOptions('uri', {
  /** http:// or https://. @example 'http://127.0.0.1:8080/healthz' */
  url: httpUrlSchema,
  /** An HTTP method, one uppercase word. */
  method: z.string().regex(/^[A-Z]+$/, "needs to be a single word in uppercase, like GET or POST").default('GET'),
  /** Request headers. */
  headers: headersSchema,
  /** The request body: text as it is, or (with bodyFormat json or form-urlencoded) a value encoded so. */
  body: z.unknown().optional(),
  /** How `body` is encoded, and the Content-Type sent when the headers have none. */
  bodyFormat: z.enum(['raw', 'json', 'form-urlencoded']).default('raw'),
  /** The statuses that count as success. */
  statusCode: z.union([z.number().int(), z.array(z.number().int()).min(1)]).transform((s) => (Array.isArray(s) ? s : [s])).default([200]),
  /** Give the body back as `content` (a JSON body is always given back, parsed as `json`). */
  returnContent: z.boolean().default(false),
  /** Seconds for the whole request. */
  timeout: z.number().int().min(1).default(30),
  /** safe: follow redirects for GET and HEAD only; all; none. */
  followRedirects: z.enum(['safe', 'all', 'none']).default('safe'),
  /** Check the server's certificate (against the host's trust store, or `caPath`). */
  validateCerts: z.boolean().default(true),
  /** A CA bundle on the host to check the server's certificate with. */
  caPath: absolutePathSchema.optional(),
  /** Basic authentication: the user... */
  urlUsername: urlUsernameSchema.optional(),
  /** ...and the password (the task is then sensitive). */
  urlPassword: urlPasswordSchema.optional(),
  /** Do not send the request when this path exists on the host. */
  creates: absolutePathSchema.optional(),
  /** Do not send the request when this path does not exist on the host. */
  removes: absolutePathSchema.optional(),
}, {
  status_code: '`statusCode`', body_format: '`bodyFormat`', return_content: '`returnContent`', follow_redirects: '`followRedirects`',
  validate_certs: '`validateCerts`', ca_path: '`caPath`', url_username: '`urlUsername`', user: '`urlUsername`', url_password: '`urlPassword`', password: '`urlPassword`',
  force_basic_auth: 'nothing: with urlUsername, credentials are always sent', dest: 'getUrl (a file from a URL)', src: '`body`',
  unix_socket: 'nothing yet', client_cert: 'nothing yet', client_key: 'nothing yet',
}).transform((o, ctx) => {
  const encoded = encodeBody(o.body, o.bodyFormat);
  if (encoded.problem) ctx.addIssue({ code: 'custom', path: ['body'], message: encoded.problem });
  return { ...o, body: encoded.text, contentType: encoded.contentType };
});

type Options = z.output<typeof schema>;

function encodeBody(body: unknown, format: 'raw' | 'json' | 'form-urlencoded'): { text?: string; contentType?: string; problem?: string } {
  if (body === undefined) return {};
  let text: string;
  if (format === 'json') text = typeof body === 'string' ? body : pythonJsonDumps(body);
  else if (format === 'form-urlencoded') {
    if (typeof body === 'string') text = body;
    else if (body !== null && typeof body === 'object') text = new URLSearchParams(Object.entries(body as Record<string, unknown>).map(([k, v]): [string, string] => [k, String(v)])).toString();
    else return { problem: 'form-urlencoded takes an object of fields or a string' };
  } else if (typeof body === 'string') text = body;
  else return { problem: 'a raw body is text (bodyFormat json or form-urlencoded encodes a value)' };
  if (text.includes('\0')) return { problem: 'must not contain NUL' };
  return { text, contentType: { raw: undefined, json: 'application/json', 'form-urlencoded': 'application/x-www-form-urlencoded' }[format] };
}

function request(o: Options): string {
  const hasType = Object.keys(o.headers).some((name) => name.toLowerCase() === 'content-type');
  const headers = o.contentType && !hasType ? { ...o.headers, 'Content-Type': o.contentType } : o.headers;
  return curlConfig({ url: o.url, method: o.method, headers, body: o.body, user: o.urlUsername, password: o.urlPassword, timeout: o.timeout, followRedirects: o.followRedirects, validateCerts: o.validateCerts, caPath: o.caPath });
}

const parses = (text: string) => { try { JSON.parse(text); return true; } catch { return false; } };
const JSON_TYPE = /^[^;]*[/+](json|javascript)\s*(;|$)/i;

/**
 * @example play.task('web answers', uri({ url: 'http://127.0.0.1:8080/healthz' }), { retries: 10, delay: 3 })
 * @example const info = play.task('version', uri({ url: 'http://127.0.0.1:8080/version' }))  // info's data.json
 */
export const uri = defineModule({
  name: 'uri',
  ansible: 'ansible.builtin.uri',
  schema,
  describe: (o) => `${o.method} ${withoutCredentials(o.url)}`,
  readOnly: (o: Options) => SAFE_METHODS.includes(o.method),
  sensitive: carriesSecrets,
  resultData: z.object({
    /** The HTTP status. */
    status: z.coerce.number().int().optional(),
    /** The URL answered, after redirects. */
    url: z.string().optional(),
    /** A redirect was followed. */
    redirected: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    /** The response's Content-Type. */
    contentType: z.string().optional(),
    /** The body as text, when returnContent, when it is JSON, or when the status was not a success. */
    content: z.string().optional(),
    /** The body parsed, when its Content-Type is JSON. */
    json: z.string().transform((text): unknown => JSON.parse(text)).optional(),
  }),
  remote: (o, env) => (env.check && !SAFE_METHODS.includes(o.method)
    ? { script: shellScript(`corectl_data check-skip 1`) }
    : { stdin: request(o), script: shellScript(script, o.statusCode.join(' '), o.returnContent, o.creates ?? '', o.removes ?? '') }),
  result: (output) => {
    if (output.data['check-skip']) return { skipped: true, changed: false, message: 'not sent in check mode' };
    const d = output.data;
    if (d.status === undefined) return { changed: false, data: {} };
    const content = d.content === undefined ? undefined : Buffer.from(d.content, 'base64').toString('utf8');
    // A JSON body is handed on as text only when it parses (resultData parses it again, typed).
    const json = content !== undefined && JSON_TYPE.test(d.content_type ?? '') && parses(content) ? content : undefined;
    // curl names the URL it ended at with the credentials in it: they are not part of a result.
    const url = withoutCredentials(d.url ?? '');
    return { changed: false, data: { status: d.status, url, redirected: String(d.redirects !== '0'), contentType: d.content_type ?? '', ...(content !== undefined && { content }), ...(json !== undefined && { json }) } };
  },
});
