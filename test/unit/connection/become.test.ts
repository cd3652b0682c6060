import { describe, expect, it } from 'vitest';
import { withBecome } from '../../../src/connection/become.ts';

describe('become', () => {
  it('wraps the command in non-interactive sudo with the command as one quoted word', () => {
    expect(withBecome("echo 'hi' > /etc/x", 'core', { become: true }).command).toBe(`sudo -n -- sh -c 'echo '\\''hi'\\'' > /etc/x'`);
  });

  it('needs no sudo when already the target user, or when not asked', () => {
    expect(withBecome('id', 'root', { become: true }).command).toBe('id');
    expect(withBecome('id', 'core', {}).command).toBe('id');
  });

  it('sends a sudo password as the first stdin line, never on the command line', () => {
    const { command, stdin } = withBecome('cat', 'core', { become: true, becomeUser: 'etcd', becomePassword: 's3cret', stdin: 'data' });
    // The shell stays between the two sudos (an exec of the last one would change its parent).
    expect(command).toMatch(/sudo -S -p '' -v .*; sudo -n -u etcd -- sh -c cat; exit \$\?$/);
    expect(command).not.toContain('s3cret');
    expect(stdin?.toString()).toBe('s3cret\ndata');
  });
});
