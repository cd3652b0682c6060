import { describe, expect, it } from 'vitest';
import { parseModuleOutput } from '../../../src/module-api/remote-output.ts';

describe('module output', () => {
  const n = 'abc123';
  it('reads directives and keeps the rest as output', () => {
    const out = parseModuleOutput(
      [`@corectl:${n} msg content differs`, 'plain line', `@corectl:${n} changed`, `@corectl:${n} diff-begin`, '--- a', '+++ a', '@@ -1 +1 @@', '-x', '+y', `@corectl:${n} diff-end`, `@corectl:${n} before inactive`, `@corectl:${n} after active`, `@corectl:${n} data key some value`].join('\n'),
      'warn',
      0,
      n,
    );
    expect(out).toMatchObject({
      changed: true,
      messages: ['content differs'],
      stdout: 'plain line',
      diff: { unified: '--- a\n+++ a\n@@ -1 +1 @@\n-x\n+y\n', before: 'inactive', after: 'active' },
      data: { key: 'some value' },
    });
  });

  it('ignores directives without the step nonce, so command output cannot forge them', () => {
    const out = parseModuleOutput('@corectl:guess changed\n@corectl changed\n', '', 0, n);
    expect(out.changed).toBe(false);
    expect(out.stdout).toBe('@corectl:guess changed\n@corectl changed\n');
  });

  it('reads reboot directives: why a reboot is needed, and a reboot started from which boot', () => {
    const out = parseModuleOutput(`@corectl:${n} reboot-required deployment x.1 is staged\n@corectl:${n} rebooting 600 abc-123\n`, '', 0, n);
    expect(out.rebootRequired).toBe('deployment x.1 is staged');
    expect(out.rebooting).toEqual({ timeoutSeconds: 600, bootId: 'abc-123' });
    expect(parseModuleOutput(`@corectl:${n} rebooting soon\n`, '', 0, n).rebooting).toBeUndefined();
  });

  it('reads a request for the step\'s stdin (lazy stdin)', () => {
    expect(parseModuleOutput(`@corectl:${n} need-stdin\n`, '', 0, n).needsStdin).toBe(true);
    expect(parseModuleOutput(`@corectl:${n} changed\n`, '', 0, n).needsStdin).toBeUndefined();
  });
});
