// x509.caTrust: a site CA's certificate installed as a trust anchor, so the host's TLS clients
// trust what the CA signs. Certificates are public: the content travels like any file's.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { absolutePathSchema, contentHash, defineModule, shellScript } from 'corectl/module';
import script from './ca-trust.sh';
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

/** @example x509.caTrust({ ca: 'etcd' }) */
export const caTrust = defineModule({
  name: 'x509.caTrust',
  schema,
  describe: (o) => `CA ${o.ca}`,
  remote: (o) => {
    // A certificate is public but long: the diff says which one, not its base64.
    const pem = anchorPem(o.ca, o.anchor);
    return { become: true, script: shellScript(script, o.ca, o.path ?? '', contentHash(pem), o.update), stdin: pem, lazyStdin: true };
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
