// Compiles a TypeScript playbook with esbuild and imports it. The playbook's own files (its
// helpers, templates) are bundled into one ES module; every package it imports, `corectl` first,
// stays an import of the file it resolves to from the playbook's directory, so the playbook gets
// the very modules the engine runs. The module is a file, not a data: URL, so that its inline
// source map puts the playbook's own file and line in stack traces. It is kept in the user's
// cache (see input-cache.ts) and used again while every file it was made from is unchanged:
// starting esbuild and building cost about 35 ms of every run.
import { createHash } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Message, Plugin } from 'esbuild';
import { CACHE_DIR, cachePath, fingerprints, readCacheJson, unchanged, writeCacheFile } from './input-cache.ts';
import { corectlRoot } from '../corectl-package.ts';
import { PlaybookError } from './playbook-error.ts';

const esbuildVersion = (createRequire(import.meta.url)('esbuild/package.json') as { version: string }).version;

/** What a cache entry records: the files a compiled module was made from, and the module's file. */
interface CompiledEntry {
  inputs: Record<string, string>;
  module: string;
}

const LOCAL_SOURCE = /\.[cm]?[jt]sx?$/;

/**
 * Packages by absolute URL: the bundle is imported from the cache, far from node_modules. The
 * files they resolve to are inputs too: a package installed again recompiles the playbook.
 */
const packagesByUrl = (resolved: Set<string>): Plugin => ({
  name: 'corectl-packages-by-url',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'resolving' || args.path.startsWith('node:')) return undefined;
      let found = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'resolving' });
      // A playbook outside a site repository (no node_modules/corectl beside it) gets the corectl
      // that runs it: the package resolves its own name from its root, as Node's self-reference does.
      if (found.errors.length > 0 && /^corectl(\/|$)/.test(args.path)) {
        const own = await build.resolve(args.path, { kind: args.kind, resolveDir: corectlRoot(), pluginData: 'resolving' });
        if (own.errors.length === 0) found = own;
      }
      if (found.errors.length > 0) return { errors: found.errors };
      if (found.external) return { path: found.path, external: true };
      resolved.add(found.path);
      return { path: pathToFileURL(found.path).href, external: true };
    });
    // import.meta of a bundled file would describe the temporary module: give each file its own.
    build.onLoad({ filter: LOCAL_SOURCE }, async (args) => {
      if (args.path.includes('/node_modules/')) return undefined;
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta')) return undefined;
      const meta = JSON.stringify({ url: pathToFileURL(args.path).href, filename: args.path, dirname: dirname(args.path) });
      return { contents: source.replace(/\bimport\.meta\b(?!\.resolve)/g, `(${meta})`), loader: loaderFor(args.path), resolveDir: dirname(args.path) };
    });
  },
});

function loaderFor(path: string): 'ts' | 'tsx' | 'js' | 'jsx' {
  if (/\.[cm]?tsx$/.test(path)) return 'tsx';
  if (/\.[cm]?ts$/.test(path)) return 'ts';
  return /\.jsx$/.test(path) ? 'jsx' : 'js';
}

function formatMessage(message: Message): string {
  const at = message.location ? `${message.location.file}:${message.location.line}:${message.location.column + 1}: ` : '';
  return `${at}${message.text}`;
}

export async function importPlaybook(file: string): Promise<{ default?: unknown }> {
  const entryFile = cachePath('compiled', `${file}\0${esbuildVersion}`, '.json');
  const cached = readCacheJson<CompiledEntry>(entryFile);
  if (cached && unchanged(cached.inputs) && existsSync(cached.module)) return importModule(cached.module);
  // The source map's paths are relative to the module's directory: compiled for where it will be.
  const { code, inputs } = await compile(file, join(CACHE_DIR, 'playbook.mjs'));
  const module = join(CACHE_DIR, `${basename(entryFile, '.json')}-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  const entry: CompiledEntry = { inputs: fingerprints(inputs), module };
  if (writeCacheFile(module, code) && writeCacheFile(entryFile, JSON.stringify(entry))) {
    if (cached && cached.module !== module) rmSync(cached.module, { force: true });
    return importModule(module);
  }
  return importFromTemporaryDir(file);
}

let loads = 0;

function importModule(path: string): Promise<{ default?: unknown }> {
  // Stack traces then point into the playbook's TypeScript source.
  process.setSourceMapsEnabled(true);
  // Every load evaluates the playbook afresh, as a new run would: Node keeps modules by URL.
  return import(`${pathToFileURL(path).href}?load=${++loads}`) as Promise<{ default?: unknown }>;
}

/** Without a writable cache: compiled into a private temporary directory, removed once loaded. */
async function importFromTemporaryDir(file: string): Promise<{ default?: unknown }> {
  const dir = await mkdtemp(join(tmpdir(), 'corectl-playbook-'));
  try {
    const out = join(dir, 'playbook.mjs');
    await writeFile(out, (await compile(file, out)).code, { mode: 0o600 });
    return await importModule(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function compile(file: string, outfile: string): Promise<{ code: string; inputs: string[] }> {
  const { build } = await import('esbuild');
  const packages = new Set<string>();
  try {
    const result = await build({
      entryPoints: [file],
      outfile,
      write: false,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: 'inline',
      metafile: true,
      logLevel: 'silent',
      plugins: [packagesByUrl(packages)],
      // A site's own module keeps its remote shell in .sh files, as the built-in ones do.
      loader: { '.sh': 'text' },
    });
    // Keys are paths from the working directory (a plugin's virtual input would not be a file).
    const local = Object.keys(result.metafile.inputs).map((input) => resolve(input)).filter((path) => existsSync(path));
    return { code: result.outputFiles[0]!.text, inputs: [...local, ...packages] };
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors;
    if (!errors?.length) throw error;
    throw new PlaybookError(`${file} cannot be compiled:\n  ${errors.map(formatMessage).join('\n  ')}`);
  }
}
