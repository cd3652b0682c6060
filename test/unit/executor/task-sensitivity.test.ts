// Which tasks are hidden as a whole: a module's own word, options holding a secret, and a module
// that names its secrets (podman.login's password, on stdin only), which are masked instead.
import { describe, expect, it } from 'vitest';
import { taskIsSensitive } from '../../../src/executor/run-task.ts';
import { redactText, sensitive } from '../../../src/secrets/sensitive-values.ts';

describe('a task is sensitive', () => {
  it('when its module says so, or its options hold a secret', () => {
    expect(taskIsSensitive({ sensitive: () => true }, { value: 'plain' })).toBe(true);
    expect(taskIsSensitive({}, { value: 'plain' })).toBe(false);
    const secret = sensitive('from-a-secrets-file-1');
    expect(taskIsSensitive({}, { value: secret })).toBe(true);
    expect(taskIsSensitive({ sensitive: () => false }, { value: secret })).toBe(true);
  });

  it('not when its module names the secrets: they are masked wherever they appear, also when they came from a secrets file', () => {
    const password = 'typed-in-the-playbook-2';
    expect(redactText(`podman said ${password}`)).toBe(`podman said ${password}`);
    expect(taskIsSensitive({ sensitive: (o) => ({ mask: [(o as { password: string }).password] }) }, { password })).toBe(false);
    expect(redactText(`podman said ${password}`)).toBe('podman said ********');
    const fromFile = sensitive('from-a-secrets-file-3');
    expect(taskIsSensitive({ sensitive: () => ({ mask: [fromFile] }) }, { password: fromFile })).toBe(false);
  });
});
