// No Docker engine runs here, so the Dockerfile is tested by doing what it does: its COPY lines
// into a fresh directory, its `npm ci --omit=dev`, its engine build, its /node_modules link, then a drift check of
// the example site from a separate /work directory, as the image would run it.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { testCluster } from './helpers.ts';

it('the image layout installs, type-checks and runs a playbook from /work with production dependencies only', () => {
  const root = mkdtempSync(join(tmpdir(), 'corectl-image-'));
  const app = join(root, 'opt/corectl');
  mkdirSync(app, { recursive: true });
  const dockerfile = readFileSync('Dockerfile', 'utf8');
  const copies = [...dockerfile.matchAll(/^COPY (?!--from)(.+) (\S+)$/gm)].flatMap((m) => m[1]!.split(' '));
  expect(copies).toEqual(['package.json', 'package-lock.json', 'tsconfig.json', 'bin', 'src', 'modules']);
  for (const path of copies) cpSync(path, join(app, path), { recursive: true });
  expect(dockerfile).toContain('RUN npm ci --omit=dev --ignore-scripts');
  execFileSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: app, stdio: 'pipe' });
  expect(dockerfile).toContain('RUN node bin/engine-build.js');
  execFileSync('node', ['bin/engine-build.js'], { cwd: app, stdio: 'pipe' });
  // The image's user cannot write /opt/corectl: the build made there must be the one that runs.
  const built = statSync(join(app, 'dist/.built')).mtimeMs;
  expect(() => execFileSync('node', ['-e', "require.resolve('vitest')"], { cwd: app, stdio: 'pipe' })).toThrow();

  // /node_modules/corectl -> /opt/corectl, with the site under /work
  mkdirSync(join(root, 'node_modules'));
  symlinkSync(app, join(root, 'node_modules/corectl'));
  expect(dockerfile).toContain(`echo '{"type": "module"}' > /package.json`);
  writeFileSync(join(root, 'package.json'), '{"type": "module"}');
  const work = join(root, 'work');
  cpSync('playbooks', join(work, 'playbooks'), { recursive: true });
  const cluster = testCluster();
  const result = spawnSync(process.execPath, [join(app, 'bin/corectl.js'), 'check', 'playbooks/site.ts', '-i', cluster.inventory, '--limit', cluster.hosts[0]!.name], {
    cwd: work, encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: join(root, 'cache'), CI: 'true' },
  });
  expect(result.stderr).toBe('');
  expect([0, 5]).toContain(result.status);
  expect(result.stdout).toMatch(/RECAP/);
  expect(statSync(join(app, 'dist/.built')).mtimeMs).toBe(built);
});
