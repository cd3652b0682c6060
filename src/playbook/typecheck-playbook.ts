// Type-checks a playbook and what it imports with the TypeScript compiler, so a wrong module
// option or a typo in a var is reported with file and line before anything runs. A clean result
// is remembered (per file set, by size and mtime) so unchanged playbooks do not pay for it again.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type ts from 'typescript';

// Node's type definitions come from corectl's own dependencies, wherever the playbook lives
// (e.g. /work in the container image, with no node_modules of its own).
const require = createRequire(import.meta.url);
const nodeTypesRoot = dirname(dirname(require.resolve('@types/node/package.json')));
// The compiler is large (half a second to load): it is loaded only when the cache cannot answer.
const compilerVersion = (require('typescript/package.json') as { version: string }).version;

const options = (compiler: typeof ts): ts.CompilerOptions => ({
  strict: true,
  noEmit: true,
  target: compiler.ScriptTarget.ES2022,
  module: compiler.ModuleKind.NodeNext,
  moduleResolution: compiler.ModuleResolutionKind.NodeNext,
  allowImportingTsExtensions: true,
  skipLibCheck: true,
  esModuleInterop: true,
  types: ['node'],
  typeRoots: [nodeTypesRoot],
});

const CACHE_DIR = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'corectl');

export async function typecheckPlaybook(file: string): Promise<string[]> {
  const cacheFile = join(CACHE_DIR, `typecheck-${createHash('sha256').update(`${file}\0${compilerVersion}`).digest('hex').slice(0, 16)}.json`);
  if (cachedClean(cacheFile)) return [];
  const { default: compiler } = await import('typescript');
  const program = compiler.createProgram([file], options(compiler));
  const errors = compiler
    .getPreEmitDiagnostics(program)
    .filter((d) => d.category === compiler.DiagnosticCategory.Error)
    .map((d) => {
      const message = compiler.flattenDiagnosticMessageText(d.messageText, '\n  ');
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
