// Compiles a TypeScript playbook with esbuild and imports it. The playbook's own files (its
// helpers, templates) are bundled into one ES module; every package it imports, `corectl` first,
// stays an import of the file it resolves to from the playbook's directory, so the playbook gets
// the very modules the engine runs. The module is written to a private temporary directory (a
// file, not a data: URL, so that its inline source map puts the playbook's own file and line in
// stack traces) and removed once loaded.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Message, Plugin } from 'esbuild';
import { PlaybookError } from './playbook-error.ts';

const LOCAL_SOURCE = /\.[cm]?[jt]sx?$/;

/** Packages by absolute URL: the bundle is imported from a temporary directory, far from node_modules. */
const packagesByUrl: Plugin = {
  name: 'corectl-packages-by-url',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'resolving' || args.path.startsWith('node:')) return undefined;
      const found = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'resolving' });
      if (found.errors.length > 0) return { errors: found.errors };
      return found.external ? { path: found.path, external: true } : { path: pathToFileURL(found.path).href, external: true };
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
};

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
  const { build } = await import('esbuild');
  const dir = await mkdtemp(join(tmpdir(), 'corectl-playbook-'));
  const out = join(dir, 'playbook.mjs');
  try {
    let code: string;
    try {
      const result = await build({
        entryPoints: [file],
        outfile: out,
        write: false,
        bundle: true,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        sourcemap: 'inline',
        logLevel: 'silent',
        plugins: [packagesByUrl],
      });
      code = result.outputFiles[0]!.text;
    } catch (error) {
      const errors = (error as { errors?: Message[] }).errors;
      if (!errors?.length) throw error;
      throw new PlaybookError(`${file} cannot be compiled:\n  ${errors.map(formatMessage).join('\n  ')}`);
    }
    await writeFile(out, code, { mode: 0o600 });
    // Stack traces then point into the playbook's TypeScript source.
    process.setSourceMapsEnabled(true);
    return (await import(pathToFileURL(out).href)) as { default?: unknown };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
