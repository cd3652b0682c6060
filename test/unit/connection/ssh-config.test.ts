import { describe, expect, it } from 'vitest';
import { homedir } from 'node:os';
import { parseSshConfig, resolveSshConfig } from '../../../src/connection/ssh-config.ts';
import { targetFromSpec } from '../../../src/connection/target-from-inventory.ts';

const CONFIG = `
# site bastion
Host bastion
    HostName 203.0.113.5
    User ops
    Port 2222
    IdentityFile ~/.ssh/ops_key

Host *.internal !db.internal
    ProxyJump bastion
    User=core

Match host foo
    User never

Host *
    IdentityFile ~/.ssh/id_ed25519
    User fallback
`;

describe('ssh config', () => {
  const blocks = parseSshConfig(CONFIG);

  it('takes the first value for a keyword and accumulates IdentityFile', () => {
    expect(resolveSshConfig(blocks, 'bastion')).toEqual({
      hostName: '203.0.113.5',
      port: 2222,
      user: 'ops',
      identityFiles: [`${homedir()}/.ssh/ops_key`, `${homedir()}/.ssh/id_ed25519`],
      proxyJump: [],
    });
  });

  it('applies ProxyJump through wildcard blocks, honouring negation, and Match blocks as ssh does', () => {
    expect(resolveSshConfig(blocks, 'ns1.internal')).toMatchObject({ user: 'core', proxyJump: ['bastion'] });
    expect(resolveSshConfig(blocks, 'db.internal')).toMatchObject({ user: 'fallback', proxyJump: [] });
    // `Match host foo` applies to foo (corectl skipped Match blocks before 0.3).
    expect(resolveSshConfig(blocks, 'foo').user).toBe('never');
    expect(resolveSshConfig(blocks, 'bar').user).toBe('fallback');
  });

  it('builds a jump chain from ProxyJump specs', () => {
    const target = targetFromSpec('ns1.internal', blocks);
    expect(target).toMatchObject({ address: 'ns1.internal', user: 'core', jump: { address: '203.0.113.5', port: 2222, user: 'ops' } });
    expect(targetFromSpec('admin@[2001:db8::1]:2022', [])).toMatchObject({ user: 'admin', address: '2001:db8::1', port: 2022 });
  });
});
