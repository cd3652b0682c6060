// The playbooks shown in README.md and docs/playbooks.md must type-check and load: documentation
// that compiles.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { loadPlaybook } from '../../../src/playbook/load-playbook.ts';

async function stepsOfExample(document: string): Promise<string[]> {
  const text = readFileSync(document, 'utf8');
  const code = /```ts\n(\/\/ playbooks\/site\.ts[\s\S]*?)```/.exec(text)?.[1];
  expect(code, document).toBeDefined();
  const dir = mkdtempSync(join(resolve('test/fixtures'), '.tmp-'));
  try {
    writeFileSync(join(dir, 'site.ts'), code!);
    const playbook = await loadPlaybook(join(dir, 'site.ts'));
    return playbook.plays[0]!.steps.map((s) => (s.kind === 'flush' ? 'flush' : s.name));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

it('the example playbook in docs/playbooks.md type-checks, loads and validates', async () => {
  expect(await stepsOfExample('docs/playbooks.md')).toEqual([
    'chrony.conf', 'chronyd running', 'sysctl net.ipv4.ip_forward', 'sysctl net.core.somaxconn', 'only on Fedora CoreOS',
  ]);
});

it("README's short playbook type-checks, loads and validates", async () => {
  expect(await stepsOfExample('README.md')).toEqual(['chrony.conf', 'chronyd running']);
});
