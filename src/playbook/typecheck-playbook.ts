// Type-checks a playbook and what it imports with the TypeScript compiler, so a wrong module
// option or a typo in a var is reported with file and line before anything runs. A clean result
// is remembered (per file set, by size and mtime) so unchanged playbooks do not pay for it again.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type ts from 'typescript';
import { cachePath, fingerprints, readCacheJson, unchanged, writeCacheFile } from './input-cache.ts';

// Node's type definitions come from corectl's own dependencies, wherever the playbook lives
// (e.g. /work in the container image, with no node_modules of its own).
const require = createRequire(import.meta.url);
const nodeTypesRoot = dirname(dirname(require.resolve('@types/node/package.json')));
// The compiler is large (half a second to load): it is loaded only when the cache cannot answer.
const compilerVersion = (require('typescript/package.json') as { version: string }).version;

const options = (compiler: typeof ts): ts.CompilerOptions => ({
  strict: true,
  noEmit: true,
  // Node 20, the oldest Node corectl runs on, has all of ES2023 (findLast, toSorted, ...).
  target: compiler.ScriptTarget.ES2023,
  module: compiler.ModuleKind.NodeNext,
  moduleResolution: compiler.ModuleResolutionKind.NodeNext,
  allowImportingTsExtensions: true,
  skipLibCheck: true,
  esModuleInterop: true,
  types: ['node'],
  typeRoots: [nodeTypesRoot],
});

export async function typecheckPlaybook(file: string): Promise<string[]> {
  const cacheFile = cachePath('typecheck', `${file}\0${compilerVersion}`, '.json');
  const checkedBefore = readCacheJson<Record<string, string>>(cacheFile);
  if (checkedBefore && unchanged(checkedBefore)) return [];
  const { default: compiler } = await import('typescript');
  // Incremental: TypeScript keeps what it learnt of every file (the playbook's helpers, corectl's
  // own sources, Node's types) in a build-info file, so after an edit only what the edit touches
  // is checked again. A build-info file that cannot be written only costs time.
  const compilerOptions = { ...options(compiler), incremental: true, tsBuildInfoFile: cachePath('typecheck-state', `${file}\0${compilerVersion}`, '.tsbuildinfo') };
  const host = compiler.createIncrementalCompilerHost(compilerOptions);
  host.writeFile = (path, text) => void writeCacheFile(path, text);
  const builder = compiler.createIncrementalProgram({ rootNames: [file], options: compilerOptions, host });
  const program = builder.getProgram();
  const diagnostics = [...builder.getOptionsDiagnostics(), ...builder.getGlobalDiagnostics(), ...builder.getSyntacticDiagnostics(), ...builder.getSemanticDiagnostics()];
  builder.emit();
  const errors = diagnostics
    .filter((d) => d.category === compiler.DiagnosticCategory.Error)
    .map((d) => {
      const chain = compiler.flattenDiagnosticMessageText(d.messageText, '\n  ');
      // The type define-module.ts gives an unknown option in computed options: its name is the news, not the chain.
      const unknownOption = /\{ error: "(unknown option `[^`]+`)"; \}/.exec(chain);
      const message = unknownOption ? `${unknownOption[1]} in the options this function returns` : chain;
      if (!d.file || d.start === undefined) return `  ${message}`;
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      return `  ${d.file.fileName}:${line + 1}:${character + 1}: ${message}`;
    });
  if (errors.length === 0) {
    const checked = program.getSourceFiles().map((f) => f.fileName).filter((f) => !f.includes('/node_modules/typescript/'));
    // A cache that cannot be written only costs time.
    writeCacheFile(cacheFile, JSON.stringify(fingerprints(checked)));
  }
  return errors;
}
