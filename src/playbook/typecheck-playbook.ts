// Type-checks a playbook and what it imports with the TypeScript compiler, so a wrong module
// option or a typo in a var is reported with file and line before anything runs. A clean result
// is remembered (per file set, by size and mtime) so unchanged playbooks do not pay for it again.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import ts from 'typescript';

// Node's type definitions come from corectl's own dependencies, wherever the playbook lives
// (e.g. /work in the container image, with no node_modules of its own).
const nodeTypesRoot = dirname(dirname(createRequire(import.meta.url).resolve('@types/node/package.json')));

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  allowImportingTsExtensions: true,
  skipLibCheck: true,
  esModuleInterop: true,
  types: ['node'],
  typeRoots: [nodeTypesRoot],
};

const CACHE_DIR = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'corectl');

export function typecheckPlaybook(file: string): string[] {
  const cacheFile = join(CACHE_DIR, `typecheck-${createHash('sha256').update(`${file}\0${ts.version}`).digest('hex').slice(0, 16)}.json`);
  if (cachedClean(cacheFile)) return [];
  const program = ts.createProgram([file], OPTIONS);
  const errors = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.category === ts.DiagnosticCategory.Error)
    .map((d) => {
      const message = ts.flattenDiagnosticMessageText(d.messageText, '\n  ');
      if (!d.file || d.start === undefined) return `  ${message}`;
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      return `  ${d.file.fileName}:${line + 1}:${character + 1}: ${message}`;
    });
  if (errors.length === 0) remember(cacheFile, program.getSourceFiles().map((f) => f.fileName).filter((f) => !f.includes('/node_modules/typescript/')));
  return errors;
}

function fingerprint(path: string): string {
  const { size, mtimeMs } = statSync(path);
  return `${size}:${mtimeMs}`;
}

function cachedClean(cacheFile: string): boolean {
  try {
    const files = JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, string>;
    return Object.entries(files).every(([path, print]) => fingerprint(path) === print);
  } catch {
    return false;
  }
}

function remember(cacheFile: string, files: string[]): void {
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    writeFileSync(cacheFile, JSON.stringify(Object.fromEntries(files.map((f) => [f, fingerprint(f)]))));
  } catch {
    // A cache that cannot be written only costs time.
  }
}
