// The playbook shown in README.md must type-check and load: documentation that compiles.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { loadPlaybook } from '../../../src/playbook/load-playbook.ts';

it('the README example playbook type-checks, loads and validates', async () => {
  const readme = readFileSync('README.md', 'utf8');
  const code = /```ts\n(\/\/ playbooks\/site\.ts[\s\S]*?)```/.exec(readme)?.[1];
  expect(code).toBeDefined();
  const dir = mkdtempSync(join(resolve('test/fixtures'), '.tmp-'));
  try {
    writeFileSync(join(dir, 'site.ts'), code!);
    const playbook = await loadPlaybook(join(dir, 'site.ts'));
    expect(playbook.plays[0]!.steps.map((s) => (s.kind === 'flush' ? 'flush' : s.name))).toEqual([
      'chrony.conf', 'chronyd running', 'sysctl net.ipv4.ip_forward', 'sysctl net.core.somaxconn', 'only on Fedora CoreOS',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
