// Builds corectl's engine (src/ and modules/, TypeScript) into dist/ as plain ES modules with
// esbuild: one file per public entry point plus shared chunks, so a playbook's `import ... from
// 'corectl'` and the CLI get the very same module instances. Node then runs plain JavaScript with
// no loader hooks, which saves about a quarter of a second on every run against compiling through
// tsx. `npm ci` builds it (the prepare script); corectl rebuilds it, in about 50 ms, when a source
// file is newer than the last build (a checkout, an edit).
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.built');
const SOURCES = ['src', 'modules'];
const ENTRIES = ['src/cli/main.ts', 'src/index.ts', 'src/module-api/index.ts', 'modules/index.ts', 'src/pki/index.ts'];

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

export function engineIsFresh() {
  try {
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
      logLevel: 'silent',
    });
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

/** Builds the engine unless it is up to date. */
export async function ensureEngine() {
  if (!engineIsFresh()) await buildEngine();
}

// `node bin/engine-build.js`: the prepare script and the container image build.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildEngine();
