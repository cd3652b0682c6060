// What a CA agrees to sign: names, IP ranges, extended key usages and the longest lifetime. It is
// kept next to the CA (policy.yaml) so a playbook cannot widen it; a request outside it is refused
// with the host, the request and the rule it broke.
import { CorectlError } from '../errors/corectl-error.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import { BlockList, isIP } from 'node:net';
import { z } from 'zod';
import type { CertificateRequest } from './csr.ts';
import { formatName } from './distinguished-name.ts';
import { durationSchema, formatDuration } from './duration.ts';
import { EXTENDED_USAGE_NAMES } from './extensions.ts';

const cidrSchema = z.string().refine((text) => {
  const [address = '', prefix] = text.split('/');
  const bits = isIP(address) === 4 ? 32 : isIP(address) === 6 ? 128 : 0;
  return bits > 0 && (prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= bits));
}, 'an IP address or CIDR range such as 192.0.2.0/24');

export const policySchema = z.strictObject({
  /** DNS names (and subject CNs): exact, `*.example.org` (one label), `**.example.org` (any depth), `etcd-*.example.org`. */
  names: z.array(z.string().min(1)).default([]),
  /** Addresses allowed as IP subject alternative names. */
  ipRanges: z.array(cidrSchema).default([]),
  /** Extended key usages the CA may grant. */
  usages: z.array(z.enum(EXTENDED_USAGE_NAMES)).default(['serverAuth']),
  maxLifetime: durationSchema.default(398 * 86_400_000),
});
export type SigningPolicy = z.output<typeof policySchema>;

export class PolicyError extends CorectlError {
  override readonly name = 'PolicyError';
  override readonly exitCode = ExitCode.failed;
}

export interface SigningRequest {
  host: string;
  csr: CertificateRequest;
  lifetimeMs: number;
}

/** Throws PolicyError naming the host, the request and the rule when `request` is outside `policy`. */
export function enforcePolicy(caName: string, policy: SigningPolicy, request: SigningRequest): void {
  const { csr } = request;
  const what = `${request.host}: the CSR for ${formatName(csr.subject) || '(no subject)'}`;
  const refuse = (rule: string) => {
    throw new PolicyError(`${what} is refused by CA ${caName}: ${rule}`);
  };
  if (!csr.subject.CN) refuse('the subject has no CN');
  const cn = csr.subject.CN!;
  if (isIP(cn) ? !ipAllowed(policy, cn) : !nameAllowed(policy, cn)) refuse(`CN ${cn} matches none of names [${policy.names.join(', ')}]`);
  for (const name of csr.sans.dns) if (!nameAllowed(policy, name)) refuse(`DNS name ${name} matches none of names [${policy.names.join(', ')}]`);
  for (const ip of csr.sans.ip) if (!ipAllowed(policy, ip)) refuse(`IP address ${ip} is in none of ipRanges [${policy.ipRanges.join(', ')}]`);
  if (csr.usages.length === 0) refuse('the CSR asks for no extended key usage');
  for (const usage of csr.usages) if (!(policy.usages as string[]).includes(usage)) refuse(`usage ${usage} is not in usages [${policy.usages.join(', ')}]`);
  if (request.lifetimeMs > policy.maxLifetime) refuse(`a lifetime of ${formatDuration(request.lifetimeMs)} exceeds maxLifetime ${formatDuration(policy.maxLifetime)}`);
}

export function nameAllowed(policy: SigningPolicy, name: string): boolean {
  return policy.names.some((pattern) => patternRegExp(pattern).test(name));
}

function patternRegExp(pattern: string): RegExp {
  const label = '[a-z0-9]([a-z0-9-]*[a-z0-9])?';
  const source = pattern
    .toLowerCase()
    .split('.')
    .map((part) => {
      if (part === '**') return `${label}(\\.${label})*`;
      if (part === '*') return label;
      // Inside a label, * stands for any run of label characters: etcd-* matches etcd-1.
      return part.split('*').map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[a-z0-9-]*');
    })
    .join('\\.');
  return new RegExp(`^${source}$`, 'i');
}

function ipAllowed(policy: SigningPolicy, ip: string): boolean {
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  const list = new BlockList();
  for (const range of policy.ipRanges) {
    const [address = '', prefix] = range.split('/');
    const rangeFamily = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, rangeFamily);
    else list.addSubnet(address, Number(prefix), rangeFamily);
  }
  return list.check(ip, family);
}
