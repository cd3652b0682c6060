// Builds corectl's engine (src/ and modules/, TypeScript) into dist/ as plain ES modules with
// esbuild: one file per public entry point plus shared chunks, so a playbook's `import ... from
// 'corectl'` and the CLI get the very same module instances. Node then runs plain JavaScript with
// no loader hooks, which saves about a quarter of a second on every run against compiling through
// tsx. With it go declaration files of the public API, for playbooks' type checks. `npm ci` builds
// both (the prepare script); corectl rebuilds them, in about 3 s, when a source file is newer than
// the last build (a checkout, an edit).
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.built');
const SOURCES = ['src', 'modules'];
const ENTRIES = ['src/cli/main.ts', 'src/playbook/typecheck-worker.ts', 'src/index.ts', 'src/module-api/index.ts', 'modules/index.ts', 'src/pki/index.ts'];

/** The CLI's entry in dist/. */
export const CLI_ENTRY = join(DIST, 'src/cli/main.js');

function newestSource() {
  let newest = statSync(join(ROOT, 'package.json')).mtimeMs;
  for (const dir of SOURCES) {
    for (const entry of readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
    }
  }
  return newest;
}

// An installed package (npm install -g corectl-X.tgz) lives in a node_modules directory and comes
// with its engine built: its files' times are when npm unpacked them, not when they changed, and
// its directory may not be writable. A checkout (a site's `file:` dependency resolves to it) is
// never inside node_modules, and rebuilds after an edit.
const INSTALLED = ROOT.split(/[\\/]/).includes('node_modules');

export function engineIsFresh() {
  try {
    if (INSTALLED) return statSync(STAMP).isFile();
    return statSync(STAMP).mtimeMs >= newestSource();
  } catch {
    return false;
  }
}

/**
 * Builds into a directory of its own, then swaps it in: a corectl starting meanwhile never loads
 * a half-written file.
 */
export async function buildEngine() {
  const { build } = await import('esbuild');
  const staging = `${DIST}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  try {
    await build({
      absWorkingDir: ROOT,
      entryPoints: ENTRIES,
      outdir: staging,
      outbase: '.',
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // Dependencies, and `corectl/...` self-imports in modules/, stay imports: Node resolves the
      // latter through package.json "exports" to these same files.
      packages: 'external',
      // Shell that runs on hosts is real source in .sh files (linted, golden-tested), imported as text.
      loader: { '.sh': 'text' },
      logLevel: 'silent',
    });
    await emitDeclarations(join(staging, 'types'));
    writeFileSync(join(staging, '.built'), '');
    const old = `${DIST}.${process.pid}.old`;
    mkdirSync(DIST, { recursive: true });
    renameSync(DIST, old);
    renameSync(staging, DIST);
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Declaration files of the public API (package.json "exports" types, e.g. src/index.ts ->
 * types/src/index.d.ts), which a playbook's type check reads instead of corectl's sources: each
 * module's options spelled out as plain types, so checking a playbook no longer means checking
 * 80 source files and inferring every module's options from its zod schema again (about 2 s).
 * Emitted without checking (the sources are checked by `npm test`), with the engine's own options.
 */
async function emitDeclarations(outDir) {
  const { default: ts } = await import('typescript');
  const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const rootNames = Object.values(pkg.exports).map((entry) => join(ROOT, entry.types));
  const program = ts.createProgram({
    rootNames,
    options: { ...options, noEmit: false, declaration: true, emitDeclarationOnly: true, noCheck: true, outDir, rootDir: ROOT },
  });
  const { diagnostics } = program.emit();
  if (diagnostics.length > 0) {
    const message = diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n');
    throw new Error(`declarations of the public API: ${message}`);
  }
}

/** Builds the engine unless it is up to date. */
export async function ensureEngine() {
  if (!engineIsFresh()) await buildEngine();
}

// `node bin/engine-build.js`: the prepare script and the container image build. npm also runs
// prepare in an installed package a site depends on (`file:`): that one came built, and
// TypeScript emits no declarations for files inside node_modules, so it is left as it came.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && !(INSTALLED && engineIsFresh())) await buildEngine();
