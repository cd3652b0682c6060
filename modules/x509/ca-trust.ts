// x509.caTrust: a site CA's certificate installed as a trust anchor, so the host's TLS clients
// trust what the CA signs. Certificates are public: the content travels like any file's.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { absolutePathSchema, contentHash, defineModule, raw, sh } from 'corectl/module';
import { caNameSchema, caPaths, pkiDir } from 'corectl/pki';

const schema = z.strictObject({
  ca: caNameSchema,
  /**
   * Where the anchor goes; by default where the host's trust tool reads anchors:
   * /etc/pki/ca-trust/source/anchors/ (update-ca-trust: Fedora CoreOS, RHEL) or
   * /usr/local/share/ca-certificates/ (update-ca-certificates: Debian, Ubuntu).
   */
  path: absolutePathSchema.optional(),
  /** 'root' installs the root at the top of the CA's chain; 'ca' the named CA itself. */
  anchor: z.enum(['root', 'ca']).default('root'),
  /** Rebuild the system trust store when the anchor changed, and check that it trusts the CA. */
  update: z.boolean().default(true),
});

/** The trust store of the host's family: the tool it has decides where anchors are read from. */
const STORE = sh`if command -v update-ca-trust >/dev/null 2>&1; then dir=/etc/pki/ca-trust/source/anchors; tool=update-ca-trust
elif command -v update-ca-certificates >/dev/null 2>&1; then dir=/usr/local/share/ca-certificates; tool=update-ca-certificates
else dir=/etc/pki/ca-trust/source/anchors; tool=''; fi
`;

/** @example x509.caTrust({ ca: 'etcd' }) */
export const caTrust = defineModule({
  name: 'x509.caTrust',
  schema,
  describe: (o) => `CA ${o.ca}`,
  remote: (o) => {
    // A certificate is public but long: the diff says which one, not its base64.
    const pem = anchorPem(o.ca, o.anchor);
    const path = o.path === undefined ? raw('"$dir/corectl-$ca.crt"') : o.path;
    // The system store must then accept the CA: an anchor in a place the tool does not read
    // would be reported as installed while nothing is trusted.
    const update = !o.update
      ? ''
      : sh`if [ "$corectl_file_changed" = 1 ] || ! openssl verify -partial_chain "$anchor" >/dev/null 2>&1; then
  if [ -z "$tool" ]; then echo "no update-ca-trust or update-ca-certificates on this host: the anchor cannot be made trusted" >&2; exit 1; fi
  if [ "$corectl_check" = 0 ]; then
    "$tool" >/dev/null || exit 1
    corectl_msg "$tool: trust store updated"
    out=$(openssl verify -partial_chain "$anchor" 2>&1) || { echo "the system trust store does not accept CA $ca after $tool: $out" >&2; exit 1; }
  else corectl_msg "$tool would update the trust store"; fi
  corectl_changed
fi
`;
    return {
      become: true,
      script: `${STORE}${sh`ca=${o.ca}; anchor=${path}
corectl_ensure_dir "\${anchor%/*}" || exit 1
corectl_file "$anchor" ${contentHash(pem)} 644 '' '' 0 || exit 1
`}${update}`,
      stdin: pem,
      lazyStdin: true,
    };
  },
});

function anchorPem(ca: string, anchor: 'root' | 'ca'): string {
  const paths = caPaths(pkiDir(), ca);
  let text: string;
  try {
    text = readFileSync(anchor === 'ca' ? paths.cert : paths.chain, 'utf8');
  } catch {
    throw new Error(`no CA named ${ca} in ${pkiDir()} (create it with: corectl ca init ${ca})`);
  }
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----\n/g) ?? [];
  return blocks.at(-1) ?? text;
}
