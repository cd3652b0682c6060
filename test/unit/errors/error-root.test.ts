// One error root: every error class corectl exports descends from CorectlError, so main maps it by
// its exit code and none silently becomes "internal error"; every exit code an error can carry is
// documented in README and `corectl --help`.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CorectlError, exitCodeOf, formatOrigin } from '../../../src/errors/corectl-error.ts';
import { ExitCode } from '../../../src/errors/exit-codes.ts';
import { UsageError } from '../../../src/errors/usage-error.ts';
import { PlaybookError } from '../../../src/playbook/playbook-error.ts';
import { InventoryError } from '../../../src/inventory/inventory-error.ts';
import { RunInterrupted } from '../../../src/executor/run-interrupted.ts';
import { main } from '../../../src/cli/main.ts';

const ROOT = resolve('.');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

const FILES = [...sourceFiles('src'), ...sourceFiles('modules')];

describe('the error root', () => {
  it('no exported class extends Error directly, except the root', () => {
    const offenders = FILES.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/export class (\w+) extends Error\b/g)].map((m) => `${file}: ${m[1]}`),
    ).filter((found) => !found.endsWith(': CorectlError'));
    expect(offenders).toEqual([]);
  });

  it('every exported class whose instances are errors descends from CorectlError', async () => {
    const strays: string[] = [];
    let errorClasses = 0;
    for (const file of FILES) {
      // The CLI's entry and the type-check worker start work when loaded.
      if (file.endsWith('typecheck-worker.ts') || file.endsWith('.tsx')) continue;
      const exports = (await import(pathToFileURL(join(ROOT, file)).href)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(exports)) {
        if (typeof value !== 'function' || value === CorectlError || !(value.prototype instanceof Error)) continue;
        errorClasses++;
        // By brand: modules/ reach the root through `corectl/module`, the built copy in dist/.
        if (!(value.prototype instanceof CorectlError)) strays.push(`${file}: ${name}`);
      }
    }
    expect(strays).toEqual([]);
    expect(errorClasses).toBeGreaterThan(20);
  });

  it('every exit code an error class sets is documented in README and in --help', async () => {
    const readme = readFileSync('README.md', 'utf8');
    const table = readme.slice(readme.indexOf('## Exit codes'));
    const used = new Set(FILES.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/readonly exitCode(?::\s*\w+)? = ExitCode\.(\w+)/g)].map((m) => m[1]!)));
    expect(used.size).toBeGreaterThan(2);
    let help = '';
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => ((help += chunk), true)) as typeof process.stdout.write;
    try {
      await main(['--help']);
    } finally {
      process.stdout.write = write;
    }
    for (const name of used) {
      const code = ExitCode[name as keyof typeof ExitCode];
      expect(code, name).toBeTypeOf('number');
      expect(table, `README documents exit code ${code}`).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'));
      expect(help, `--help documents exit code ${code}`).toMatch(new RegExp(`\\b${code} [a-z]`));
    }
  });

  it('keeps exit code, hint, origin and cause as fields', () => {
    const cause = new Error('underneath');
    const error = new PlaybookError('bad task', { hint: 'rename it', origin: { file: 'site.ts', line: 3, column: 7 }, cause });
    expect(error).toBeInstanceOf(CorectlError);
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.hint).toBe('rename it');
    expect(formatOrigin(error.origin!)).toBe('site.ts:3:7');
    expect(error.cause).toBe(cause);
    expect(new InventoryError({ file: 'hosts.yml', line: 2, column: 5 }, 'port', 'must be a number').origin).toEqual({ file: 'hosts.yml', line: 2, column: 5 });
    expect(new RunInterrupted('SIGTERM').exitCode).toBe(143);
    expect(exitCodeOf(new TypeError('a bug'))).toBe(ExitCode.internalError);
  });

  it('recognises an error of another copy of corectl by its brand, and only the root does', () => {
    // What a second copy's UsageError looks like from here: another class with the same brand.
    class OtherCopyError extends Error {}
    Object.defineProperty(OtherCopyError.prototype, Symbol.for('corectl.error'), { value: true });
    const foreign = new OtherCopyError('from another copy');
    expect(foreign instanceof CorectlError).toBe(true);
    expect(foreign instanceof UsageError).toBe(false);
    expect(new UsageError('x') instanceof PlaybookError).toBe(false);
    expect(new Error('plain') instanceof CorectlError).toBe(false);
  });
});
