// corectl as users install CLIs: `npm pack` makes a tarball with the built engine and its
// declarations; `npm install -g` of it into a fresh prefix gives a `corectl` that works with no
// checkout and no build on the user's machine: init, check, run and ignition, on the controller
// itself (a local connection), and a playbook outside any site repository.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = resolve('.');
const version = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
let work: string;
let corectlBin: string;
let installed: string;

const npm = (args: string[], cwd: string) => execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error', '--prefer-offline'], { cwd, stdio: 'pipe', encoding: 'utf8' });
// Nothing of the checkout on PATH or in the environment: only the installed command.
const corectl = (args: string[], cwd: string) =>
  spawnSync(corectlBin, args, { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: join(work, 'home'), CI: 'true' } });

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'corectl-package-'));
  mkdirSync(join(work, 'home'));
  npm(['pack', '--pack-destination', work], REPO);
  const tarball = join(work, `corectl-${version}.tgz`);
  expect(existsSync(tarball)).toBe(true);
  npm(['install', '-g', '--prefix', join(work, 'prefix'), tarball], work);
  corectlBin = join(work, 'prefix/bin/corectl');
  installed = join(work, 'prefix/lib/node_modules/corectl');
}, 300_000);

afterAll(() => {
  if (!process.env.KEEP) rmSync(work, { recursive: true, force: true });
});

describe('the installed package', () => {
  it('carries the built engine and the declarations of its public API, and runs without building', () => {
    expect(existsSync(join(installed, 'dist/src/cli/main.js'))).toBe(true);
    expect(existsSync(join(installed, 'dist/types/src/index.d.ts'))).toBe(true);
    expect(existsSync(join(installed, '.git'))).toBe(false);
    const built = statSync(join(installed, 'dist/.built')).mtimeMs;
    const result = corectl(['--version'], work);
    expect(result.stdout).toBe(`corectl ${version}\n`);
    // Its files are as old as the unpacking; a rebuild would have touched the stamp.
    expect(statSync(join(installed, 'dist/.built')).mtimeMs).toBe(built);
  });

  it('makes a site with init that installs, and checks, runs and renders first-boot configs', () => {
    expect(corectl(['init', 'site'], work).status).toBe(0);
    const site = join(work, 'site');
    expect(JSON.parse(readFileSync(join(site, 'package.json'), 'utf8')).dependencies.corectl).toBe(`file:${installed}`);
    npm(['install'], site);
    const out = join(work, 'out');
    writeFileSync(join(site, 'local.ini'), 'controller ansible_connection=local\n');
    writeFileSync(join(site, 'playbooks/local.ts'), `import { playbook } from 'corectl';
import { directory, file } from 'corectl/modules';
export default playbook((pb) => pb.play('local', { hosts: 'all', firstBoot: true }, (play) => {
  play.task('out dir', directory({ path: ${JSON.stringify(out)} }));
  play.task('a file', file({ path: ${JSON.stringify(join(out, 'hello'))}, content: 'from the installed corectl\\n' }));
}));
`);
    const check = corectl(['check', 'playbooks/local.ts', '-i', 'local.ini'], site);
    expect(check.status, check.stdout + check.stderr).toBe(5);
    expect(existsSync(out)).toBe(false);
    const run = corectl(['run', 'playbooks/local.ts', '-i', 'local.ini'], site);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(readFileSync(join(out, 'hello'), 'utf8')).toBe('from the installed corectl\n');
    expect(corectl(['check', 'playbooks/local.ts', '-i', 'local.ini'], site).status).toBe(0);
    const ignition = corectl(['ignition', 'playbooks/local.ts', '-i', 'local.ini', '--out', join(work, 'ignition')], site);
    expect(ignition.status, ignition.stdout + ignition.stderr).toBe(0);
    const [config] = readdirSync(join(work, 'ignition')).filter((name) => name.endsWith('.ign'));
    const files = (JSON.parse(readFileSync(join(work, 'ignition', config!), 'utf8')) as { storage: { files: { path: string }[] } }).storage.files;
    expect(files.map((f) => f.path)).toContain(join(out, 'hello'));
  });

  it('runs a playbook outside any site repository with the corectl that runs it', () => {
    const loose = join(work, 'loose');
    mkdirSync(loose);
    writeFileSync(join(loose, 'local.ini'), 'controller ansible_connection=local\n');
    writeFileSync(join(loose, 'one.ts'), `import { playbook } from 'corectl';
import { file } from 'corectl/modules';
export default playbook((pb) => pb.play('loose', { hosts: 'all' }, (play) => {
  play.task('a file', file({ path: ${JSON.stringify(join(loose, 'made'))}, content: 'x\\n' }));
}));
`);
    const run = corectl(['run', 'one.ts', '-i', 'local.ini'], loose);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(readFileSync(join(loose, 'made'), 'utf8')).toBe('x\n');
  });
});
