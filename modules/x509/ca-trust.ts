// x509.caTrust: a site CA's certificate installed as a trust anchor, so the host's TLS clients
// trust what the CA signs. Certificates are public: the content travels like any file's.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { absolutePathSchema, defineModule, sh } from 'corectl/module';
import { caNameSchema, caPaths, pkiDir } from 'corectl/pki';
import { writeFileStep } from '../file.ts';

const schema = z.strictObject({
  ca: caNameSchema,
  /** Where the anchor goes. Fedora CoreOS reads /etc/pki/ca-trust/source/anchors/. */
  path: absolutePathSchema.optional(),
  /** 'root' installs the root at the top of the CA's chain; 'ca' the named CA itself. */
  anchor: z.enum(['root', 'ca']).default('root'),
  /** Rebuild the system trust store when the anchor changed (update-ca-trust, or update-ca-certificates). */
  update: z.boolean().default(true),
});

/** @example x509.caTrust({ ca: 'etcd' }) */
export const caTrust = defineModule({
  name: 'x509.caTrust',
  schema,
  describe: (o) => `CA ${o.ca}`,
  remote: (o) => {
    const path = o.path ?? `/etc/pki/ca-trust/source/anchors/corectl-${o.ca}.crt`;
    // A certificate is public but long: the diff says which one, not its base64.
    const pem = anchorPem(o.ca, o.anchor);
    const step = writeFileStep({ path, mode: '644' }, pem, false);
    const update = o.update
      ? sh`if [ "$corectl_file_changed" = 1 ] && [ "$corectl_check" = 0 ]; then
  if command -v update-ca-trust >/dev/null 2>&1; then update-ca-trust extract || exit 1; corectl_msg 'update-ca-trust: trust store updated'
  elif command -v update-ca-certificates >/dev/null 2>&1; then update-ca-certificates >/dev/null || exit 1; corectl_msg 'update-ca-certificates: trust store updated'
  else corectl_msg 'no update-ca-trust on this host: the anchor is in place, the trust store is unchanged'; fi
fi
`
      : '';
    return { become: true, script: sh`mkdir -p -- "$(dirname -- ${path})" || exit 1\n` + step.script + update, stdin: step.stdin, lazyStdin: true };
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
