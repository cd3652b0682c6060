// Type-checks a playbook and what it imports with the TypeScript compiler, so a wrong module
// option or a typo in a var is reported with file and line before anything runs. A clean result
// is remembered (per file set, by size and mtime) so unchanged playbooks do not pay for it again.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type ts from 'typescript';
import { corectlRoot } from '../corectl-package.ts';
import { cachePath, fingerprints, readCacheJson, unchanged, writeCacheFile } from './input-cache.ts';
import { loadCompiler } from './load-compiler.ts';

// Node's type definitions come from corectl's own dependencies, wherever the playbook lives
// (e.g. /work in the container image, with no node_modules of its own).
const require = createRequire(import.meta.url);
const nodeTypesRoot = dirname(dirname(require.resolve('@types/node/package.json')));
// The compiler is large: it is loaded only when the cache cannot answer.
const compilerVersion = (require('typescript/package.json') as { version: string }).version;

/** dist/ when this runs from corectl's build (bin/corectl.js has just made sure it is current), else undefined (corectl's own tests run src/). */
export function builtEngineDir(from = fileURLToPath(import.meta.url)): string | undefined {
  for (let dir = dirname(from); dir !== dirname(dir); dir = dirname(dir)) {
    if (basename(dir) === 'dist' && existsSync(join(dir, '.built'))) return dir;
  }
  return undefined;
}

/**
 * Where `corectl`, `corectl/module`, ... point for the check: the declaration files built with the
 * engine (dist/types, see bin/engine-build.js). Checked against them, a playbook costs a fraction
 * of a second; against corectl's sources (when this runs from src/) about 3 s.
 */
export function corectlDeclarations(dist = builtEngineDir()): Record<string, string[]> | undefined {
  if (!dist) return undefined;
  const pkg = JSON.parse(readFileSync(join(dirname(dist), 'package.json'), 'utf8')) as { exports: Record<string, { types: string }> };
  const paths = Object.entries(pkg.exports).map(([name, entry]): [string, string] => [join('corectl', name), join(dist, 'types', entry.types.replace(/\.ts$/, '.d.ts'))]);
  return paths.every(([, file]) => existsSync(file)) ? Object.fromEntries(paths.map(([name, file]) => [name, [file]])) : undefined;
}

const options = (compiler: typeof ts, declarations: Record<string, string[]> | undefined): ts.CompilerOptions => ({
  strict: true,
  noEmit: true,
  // Node 20, the oldest Node corectl runs on, has all of ES2023 (findLast, toSorted, ...). No DOM:
  // a playbook runs in Node, whose globals (fetch, URL, console, ...) come with Node's types.
  target: compiler.ScriptTarget.ES2023,
  lib: ['lib.es2023.d.ts'],
  module: compiler.ModuleKind.NodeNext,
  moduleResolution: compiler.ModuleResolutionKind.NodeNext,
  allowImportingTsExtensions: true,
  skipLibCheck: true,
  esModuleInterop: true,
  types: ['node'],
  typeRoots: [nodeTypesRoot],
  ...(declarations && { paths: declarations }),
});

const cacheKey = (file: string, declarations: Record<string, string[]> | undefined) => `${file}\0${compilerVersion}\0${declarations ? 'declarations' : 'sources'}`;

/** What a check found: errors stop the run; warnings (a deprecated form) are shown and it goes on. */
export interface TypecheckResult {
  errors: string[];
  warnings: string[];
}

interface CleanCheck {
  inputs: Record<string, string>;
  warnings: string[];
}

/** The warnings of the last clean check when the playbook and every file it read are unchanged since. */
function checkedBefore(file: string, declarations: Record<string, string[]> | undefined): TypecheckResult | undefined {
  const clean = readCacheJson<CleanCheck>(cachePath('typecheck', cacheKey(file, declarations), '.json'));
  return clean?.inputs !== undefined && unchanged(clean.inputs) ? { errors: [], warnings: clean.warnings ?? [] } : undefined;
}

/**
 * Starts the type check and returns its errors when done. From corectl's build it runs in a
 * worker thread, so the run meanwhile loads the playbook, connects and gathers facts on the other
 * core; the run waits for it before its first task (run-playbook.ts).
 */
export function startTypecheck(file: string): Promise<TypecheckResult> {
  const dist = builtEngineDir();
  const declarations = corectlDeclarations(dist);
  const before = checkedBefore(file, declarations);
  if (before) return Promise.resolve(before);
  if (!dist) return typecheckPlaybook(file, declarations);
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(dist, 'src/playbook/typecheck-worker.js'), { workerData: { file } });
    // A run that ends early (a usage error, an unreachable fleet) does not wait for the check.
    worker.unref();
    worker.once('message', (result: TypecheckResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the playbook's type check stopped before its end (exit code ${code})`)));
  });
}

export async function typecheckPlaybook(file: string, declarations = corectlDeclarations()): Promise<TypecheckResult> {
  const before = checkedBefore(file, declarations);
  if (before) return before;
  const key = cacheKey(file, declarations);
  const { compiler, keepCodeCache } = loadCompiler();
  // Incremental: TypeScript keeps what it learnt of every file of the site (a large one has many
  // helpers) in a build-info file, so after an edit only what the edit touches is checked again. A build-info file that cannot be written only costs time.
  const compilerOptions = { ...options(compiler, declarations), incremental: true, tsBuildInfoFile: cachePath('typecheck-state', key, '.tsbuildinfo') };
  const host = compiler.createIncrementalCompilerHost(compilerOptions);
  host.writeFile = (path, text) => void writeCacheFile(path, text);
  // JSDoc is read only where it can be a type error (as tsc does): a fifth less parsing.
  host.jsDocParsingMode = compiler.JSDocParsingMode.ParseForTypeErrors;
  // `import script from './x.sh'` in a module (corectl's own, or a site's) is remote shell as text.
  const shellText = join(corectlRoot(), 'src/module-api/shell-text-imports.d.ts');
  const builder = compiler.createIncrementalProgram({ rootNames: [file, shellText], options: compilerOptions, host });
  const program = builder.getProgram();
  const diagnostics = [...builder.getOptionsDiagnostics(), ...builder.getGlobalDiagnostics(), ...builder.getSyntacticDiagnostics(), ...builder.getSemanticDiagnostics()];
  builder.emit();
  const errors = diagnostics
    .filter((d) => d.category === compiler.DiagnosticCategory.Error)
    .map((d) => {
      const chain = compiler.flattenDiagnosticMessageText(moduleCallReason(d), '\n  ');
      // The type define-module.ts gives an unknown option in computed options: its name is the news, not the chain.
      const unknownOption = /\{ error: "(unknown option `[^`]+`)"; \}/.exec(chain);
      const message = unknownOption ? `${unknownOption[1]} in the options this function returns` : chain;
      if (!d.file || d.start === undefined) return `  ${message}`;
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      return `  ${d.file.fileName}:${line + 1}:${character + 1}: ${message}`;
    });
  const warnings = deprecations(compiler, program);
  if (errors.length === 0) {
    const checked = program.getSourceFiles().map((f) => f.fileName).filter((f) => !f.includes('/node_modules/typescript/'));
    // A cache that cannot be written only costs time.
    writeCacheFile(cachePath('typecheck', key, '.json'), JSON.stringify({ inputs: fingerprints(checked), warnings } satisfies CleanCheck));
  }
  keepCodeCache();
  return { errors, warnings };
}

/**
 * A module call matches none of a module function's signatures: the current form's reason is the
 * one to show (the other signature is a deprecated form kept for old sites, see define-module.ts).
 */
function moduleCallReason(d: ts.Diagnostic): string | ts.DiagnosticMessageChain {
  const chain = d.messageText;
  if (d.code !== 2769 || typeof chain === 'string' || chain.next?.length !== 2) return chain;
  return chain.next[0]!.next?.[0] ?? chain;
}

/**
 * The form define-module.ts keeps for old sites: ModuleFunction's call signature whose first type
 * parameter is the vars' type. Known by its shape: the JSDoc @deprecated tag that editors show is
 * not parsed here (JSDocParsingMode.ParseForTypeErrors).
 */
function isDeprecatedModuleForm(compiler: typeof ts, declaration: ts.SignatureDeclaration | ts.JSDocSignature): boolean {
  return compiler.isCallSignatureDeclaration(declaration) && compiler.isInterfaceDeclaration(declaration.parent)
    && declaration.parent.name.text === 'ModuleFunction' && declaration.typeParameters?.[0]?.name.text === 'Vars';
}

/** Deprecated forms the site's own files use, one line each, with the form to write instead. */
function deprecations(compiler: typeof ts, program: ts.Program): string[] {
  const checker = program.getTypeChecker();
  const found: string[] = [];
  // The site's own files: not corectl's sources (read when it runs from a checkout), nor packages.
  const corectlSources = ['src', 'modules'].map((dir) => join(corectlRoot(), dir, '/'));
  const own = (path: string) => !corectlSources.some((dir) => path.startsWith(dir));
  for (const source of program.getSourceFiles()) {
    if (source.isDeclarationFile || source.fileName.includes('/node_modules/') || !own(source.fileName)) continue;
    const visit = (node: ts.Node): void => {
      if (compiler.isCallExpression(node) && node.typeArguments) {
        const declaration = checker.getResolvedSignature(node)?.declaration;
        if (declaration && isDeprecatedModuleForm(compiler, declaration)) {
          const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
          const callee = node.expression.getText(source);
          found.push(`${source.fileName}:${line + 1}:${character + 1}: ${callee}<Vars>((context) => ...) is deprecated: it cannot check the options the function returns; write ${callee}(({ vars }: TaskContext<Vars>) => ...)`);
        }
      }
      compiler.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}
