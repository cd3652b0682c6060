// getUrl's options: checksums as Ansible spells them (any case, separators dropped), refused when
// the algorithm or the digest's length is wrong; Ansible's names answered.
import { describe, expect, it } from 'vitest';
import { getUrl } from '../../../modules/index.ts';

const parse = (options: Record<string, unknown>) => getUrl({} as never).definition.schema.safeParse({ url: 'http://h/f', path: '/var/tmp/f', ...options });
const message = (options: Record<string, unknown>) => parse(options).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
const SHA256 = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

describe('getUrl options', () => {
  it("reads a checksum as Ansible does: ALGORITHM:DIGEST, separators dropped, case ignored", () => {
    const colons = SHA256.toUpperCase().match(/../g)!.join(':');
    for (const checksum of [`sha256:${SHA256}`, `sha256:${colons}`, `sha256:${SHA256}.`]) {
      const parsed = parse({ checksum });
      expect(parsed.success && (parsed.data as { checksum: unknown }).checksum, checksum).toEqual({ algorithm: 'sha256', digest: SHA256 });
    }
    expect(message({ checksum: SHA256 })).toMatch(/must be ALGORITHM:DIGEST/);
    expect(message({ checksum: `sha3:${SHA256}` })).toMatch(/must be ALGORITHM:DIGEST/);
    expect(message({ checksum: `sha1:${SHA256}` })).toMatch(/is not a sha1 digest \(40 hexadecimal digits\)/);
    expect(message({ checksum: 'sha256:http://h/SHA256SUMS' })).toMatch(/not a sha256 digest|checksum URL/);
  });

  it('answers Ansible names and refuses what curl could be made to do otherwise', () => {
    expect(message({ dest: '/x' })).toMatch(/`dest` is Ansible's name; corectl calls it `path`/);
    expect(message({ url: 'file:///etc/shadow' })).toMatch(/http:\/\/ or https:\/\//);
    expect(message({ headers: { 'X-A': 'b\nX-B: c' } })).toMatch(/one line/);
    expect(message({ path: 'relative' })).toMatch(/absolute path/);
  });
});
