// A play's varsFiles (Ansible's vars_files): files next to the playbook, a Vault-encrypted one
// too, as play vars: above the inventory's, below -e; a missing file stops the run before any task.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';

const dir = mkdtempSync(join(resolve('test/fixtures'), '.tmp-varsfiles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('reads varsFiles relative to the playbook, Vault-encrypted ones included, between the inventory and -e', () => {
  mkdirSync(join(dir, 'vars'));
  writeFileSync(join(dir, 'hosts.ini'), '[local]\nbuild ansible_connection=local site=inventory tier=inventory zone=inventory\n');
  writeFileSync(join(dir, 'vars', 'common.yml'), 'site: common\ntier: common\nports: [80, 443]\n');
  writeFileSync(join(dir, 'vars', 'secret.yml'), 'tier: vaulted\n');
  writeFileSync(join(dir, 'pass'), 'correct horse\n');
  execFileSync('ansible-vault', ['encrypt', '--vault-password-file', join(dir, 'pass'), join(dir, 'vars', 'secret.yml')], { stdio: 'ignore' });
  const out = join(dir, 'out');
  writeFileSync(join(dir, 'site.ts'), `import { playbook } from 'corectl';
import { file } from 'corectl/modules';
export default playbook((pb) => pb.play('p', { hosts: 'build', gatherFacts: false, varsFiles: ['vars/common.yml', 'vars/secret.yml'] }, (play) => {
  play.task('show', file(({ vars }) => ({ path: ${JSON.stringify(out)}, content: [vars.site, vars.tier, vars.zone, JSON.stringify(vars.ports)].join(' ') + '\\n' })));
}));
`);
  const run = (...extra: string[]) => spawnSync(process.execPath, [resolve('bin/corectl.js'), 'run', join(dir, 'site.ts'), '-i', join(dir, 'hosts.ini'), '--no-typecheck', '--plain', '--vault-password-file', join(dir, 'pass'), ...extra], { encoding: 'utf8', timeout: 60_000 });
  const first = run('-e', 'zone=extra');
  expect(first.status, first.stdout + first.stderr).toBe(0);
  expect(readFileSync(out, 'utf8')).toBe('common vaulted extra [80,443]\n');
  // The vaulted value is a secret: never printed.
  expect(first.stdout).not.toContain('vaulted');
  rmSync(out);
  writeFileSync(join(dir, 'site.ts'), readFileSync(join(dir, 'site.ts'), 'utf8').replace("'vars/secret.yml'", "'vars/missing.yml'"));
  const missing = run();
  expect(missing.status).toBe(4);
  expect(missing.stderr).toMatch(/site\.ts:3:\d+: play "p": varsFiles: .*vars\/missing\.yml cannot be read: no such file/);
  expect(existsSync(out)).toBe(false);
});
