// The request as a curl config (`curl --config -`, read from the step's stdin): every value quoted
// as curl's config parser unquotes it, so no value reaches a shell or a command line.

export interface Request {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  user?: string;
  password?: string;
  timeout: number;
  followRedirects: 'safe' | 'all' | 'none';
  validateCerts: boolean;
  caPath?: string;
}

/** A double-quoted config value: backslash and quote escaped, control characters as curl reads them. */
export function configString(value: string): string {
  const escaped = value.replace(/[\\"\t\n\r\v]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\v': '\\v' })[c]!);
  return `"${escaped}"`;
}

export function curlConfig(r: Request): string {
  const lines = [
    `url = ${configString(r.url)}`,
    // Only HTTP(S), also after a redirect: a URL cannot make curl read a file on the host.
    'proto = "=http,https"', 'proto-redir = "=http,https"',
    `max-time = ${r.timeout}`,
    // HEAD is curl's own option: a HEAD sent as a custom method would wait for a body.
    r.method === 'HEAD' ? 'head' : `request = ${configString(r.method)}`,
    ...Object.entries(r.headers).map(([name, value]) => `header = ${configString(`${name}: ${value}`)}`),
    ...(r.user !== undefined ? [`user = ${configString(`${r.user}:${r.password ?? ''}`)}`] : []),
    ...(r.body !== undefined ? [`data-raw = ${configString(r.body)}`] : []),
    // Ansible's `safe`: redirects are followed for GET and HEAD only.
    ...(r.followRedirects === 'all' || (r.followRedirects === 'safe' && (r.method === 'GET' || r.method === 'HEAD')) ? ['location', 'max-redirs = 10'] : []),
    ...(r.validateCerts ? [] : ['insecure']),
    ...(r.caPath !== undefined ? [`cacert = ${configString(r.caPath)}`] : []),
  ];
  return `${lines.join('\n')}\n`;
}
