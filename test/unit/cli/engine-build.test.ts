// bin/corectl.js runs the engine from dist/, built from src/ and modules/: built when missing,
// left alone when up to date, rebuilt when a source is newer (a checkout, an edit).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';

// It builds the engine three times (esbuild and tsc's declarations): on a loaded CI machine, more than 30 s.
it('builds the engine when it is missing or older than its sources, and only then', { timeout: 180_000 }, () => {
  const app = mkdtempSync(join(tmpdir(), 'corectl-engine-'));
  try {
    for (const path of ['package.json', 'tsconfig.json', 'bin', 'src', 'modules']) cpSync(path, join(app, path), { recursive: true, filter: (from) => !from.endsWith('/dist') });
    symlinkSync(resolve('node_modules'), join(app, 'node_modules'));
    const help = () => execFileSync(process.execPath, [join(app, 'bin/corectl.js'), 'help'], { encoding: 'utf8' });
    const stamp = join(app, 'dist/.built');
    expect(existsSync(stamp)).toBe(false);

    expect(help()).toMatch(/^corectl: converge/);
    const first = statSync(stamp).mtimeMs;
    // With the engine, the declarations of its API that playbooks are type-checked against.
    expect(readFileSync(join(app, 'dist/types/modules/hostname.d.ts'), 'utf8')).toMatch(/export declare const hostname: import\("[^"]+"\).ModuleFunction<\{\s+name: string;/);
    expect(help()).toMatch(/^corectl: converge/);
    expect(statSync(stamp).mtimeMs).toBe(first);

    // An edit: the next run runs the new code.
    const main = join(app, 'src/cli/main.ts');
    writeFileSync(main, readFileSync(main, 'utf8').replace('corectl: converge Fedora CoreOS hosts over SSH', 'corectl: converge, edited'));
    const later = new Date(first + 5000);
    utimesSync(main, later, later);
    expect(help()).toMatch(/^corectl: converge, edited/);
    expect(statSync(stamp).mtimeMs).toBeGreaterThan(first);
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
});
