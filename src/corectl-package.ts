// corectl's own package: its directory and version, found from this file whether it runs from src/
// or from the built dist/ (the package.json named corectl above it).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackage(): { dir: string; version?: string } | undefined {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'corectl') return { dir, version: pkg.version };
    } catch {
      // no package.json here: look further up
    }
  }
  return undefined;
}

export function corectlVersion(): string {
  return findPackage()?.version ?? 'unknown';
}

/** corectl's directory (the package root). */
export function corectlRoot(): string {
  const found = findPackage();
  if (!found) throw new Error("cannot find corectl's own directory");
  return found.dir;
}
