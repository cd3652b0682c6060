// Every .sh file corectl sends to hosts (or runs on them in benchmarks and the rpm-ostree
// simulator) parses in sh (dash) and bash (Fedora CoreOS's /bin/sh), and shellcheck finds nothing
// at warning level or above (.shellcheckrc says which two checks are off, and why). What is sent
// (comments left out by shellSource) parses too. shellcheck is Debian's package (.ci/setup).
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shellSource } from '../../../src/module-api/shell-source.ts';

const ROOT = resolve('.');

function shellFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.sh') && !entry.parentPath.includes('golden'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

const FILES = [...shellFiles('src'), ...shellFiles('modules'), ...shellFiles('bench'), ...shellFiles('test/hosts')];

function parseProblems(shell: string, text: string): string {
  const run = spawnSync(shell, ['-n'], { input: text, encoding: 'utf8' });
  return run.status === 0 ? '' : run.stderr;
}

describe('remote shell source', () => {
  it('finds the files', () => {
    expect(FILES).toContain('src/module-api/shell/file-functions.sh');
    expect(FILES.length).toBeGreaterThan(5);
  });

  for (const file of FILES) {
    it(`${file} parses in sh and bash, as written and as sent`, () => {
      const text = readFileSync(file, 'utf8');
      for (const shell of ['sh', 'bash']) {
        expect(parseProblems(shell, text), `${shell} -n ${file}`).toBe('');
        expect(parseProblems(shell, shellSource(text)), `${shell} -n (sent) ${file}`).toBe('');
      }
    });
  }

  it('shellcheck finds nothing at warning level', () => {
    const version = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' });
    expect(version.error, 'shellcheck is installed (Debian package shellcheck, .ci/setup)').toBeUndefined();
    let report = '';
    try {
      execFileSync('shellcheck', ['--severity=warning', '--format=gcc', ...FILES], { encoding: 'utf8', cwd: ROOT });
    } catch (error) {
      report = String((error as { stdout?: string }).stdout ?? error);
    }
    expect(report).toBe('');
  });

  it('the rpm-ostree simulator (bash) passes shellcheck too', () => {
    let report = '';
    try {
      execFileSync('shellcheck', ['--severity=warning', '--format=gcc', 'test/hosts/rpm-ostree/rpm-ostree'], { encoding: 'utf8', cwd: ROOT });
    } catch (error) {
      report = String((error as { stdout?: string }).stdout ?? error);
    }
    expect(report).toBe('');
  });

  it('shellSource leaves out comment lines but keeps here-documents whole', () => {
    const text = '# header\nx=1\n  # indented comment\ncat <<EOF\n# kept: inside a here-document\nEOF\n# after\necho "$x" # trailing stays\n';
    expect(shellSource(text)).toBe('x=1\ncat <<EOF\n# kept: inside a here-document\nEOF\necho "$x" # trailing stays\n');
  });
});
