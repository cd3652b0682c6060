// Policy matching: name patterns by label, IP ranges, usages and lifetimes.
import { describe, expect, it } from 'vitest';
import { enforcePolicy, nameAllowed, policySchema, PolicyError } from '../../../src/pki/signing-policy.ts';
import type { CertificateRequest } from '../../../src/pki/csr.ts';

const policy = policySchema.parse({ names: ['web.lab.example', '*.etcd.lab.example', '**.svc.lab.example', 'node-*.lab.example'], ipRanges: ['192.0.2.0/24', '2001:db8::/32'], usages: ['serverAuth', 'clientAuth'], maxLifetime: '90d' });
const request = (overrides: Partial<CertificateRequest>): CertificateRequest => ({
  subject: { CN: 'web.lab.example' }, publicKey: Buffer.alloc(0), sans: { dns: [], ip: [] }, usages: ['serverAuth'], ...overrides,
});

describe('signing policy', () => {
  it.each([
    ['web.lab.example', true],
    ['WEB.lab.example', true],
    ['www.lab.example', false],
    ['a.etcd.lab.example', true],
    ['a.b.etcd.lab.example', false],
    ['etcd.lab.example', false],
    ['a.svc.lab.example', true],
    ['a.b.c.svc.lab.example', true],
    ['svc.lab.example', false],
    ['a.svc.lab.example.evil.com', false],
    ['a_b.svc.lab.example', false],
    ['-a.svc.lab.example', false],
    ['node-1.lab.example', true],
    ['node-.lab.example', true],
    ['node-1.x.lab.example', false],
    ['xnode-1.lab.example', false],
  ])('%s allowed: %s', (name, allowed) => {
    expect(nameAllowed(policy, name)).toBe(allowed);
  });

  it('treats dots in patterns literally', () => {
    expect(nameAllowed(policySchema.parse({ names: ['web.lab.example'] }), 'webxlab.example')).toBe(false);
  });

  it('accepts a request inside every rule', () => {
    expect(() => enforcePolicy('http', policy, { host: 'h', csr: request({ sans: { dns: ['x.etcd.lab.example'], ip: ['192.0.2.9', '2001:db8::1'] }, usages: ['serverAuth', 'clientAuth'] }), lifetimeMs: 90 * 86_400_000 })).not.toThrow();
  });

  it.each([
    [request({ sans: { dns: [], ip: ['192.0.3.1'] } }), 'IP address 192.0.3.1 is in none of ipRanges'],
    [request({ sans: { dns: [], ip: ['2001:db9::1'] } }), 'IP address 2001:db9::1 is in none of ipRanges'],
    [request({ subject: {} }), 'the subject has no CN'],
    [request({ usages: [] }), 'the CSR asks for no extended key usage'],
    [request({ usages: ['1.2.3.4'] }), 'usage 1.2.3.4 is not in usages'],
  ])('refuses %#', (csr, rule) => {
    expect(() => enforcePolicy('http', policy, { host: 'node1', csr, lifetimeMs: 86_400_000 })).toThrow(PolicyError);
    expect(() => enforcePolicy('http', policy, { host: 'node1', csr, lifetimeMs: 86_400_000 })).toThrow(rule);
  });

  it('refuses a lifetime over the maximum', () => {
    expect(() => enforcePolicy('http', policy, { host: 'node1', csr: request({}), lifetimeMs: 91 * 86_400_000 })).toThrow('node1: the CSR for CN=web.lab.example is refused by CA http: a lifetime of 91 days exceeds maxLifetime 90 days');
  });

  it('names the field of a malformed policy', () => {
    expect(policySchema.safeParse({ ipRanges: ['10.0.0.0/33'] }).success).toBe(false);
    expect(policySchema.safeParse({ maxLifetime: '90 days' }).success).toBe(false);
    expect(policySchema.safeParse({ usages: ['anything'] }).success).toBe(false);
  });
});
