// corectl's version, from its package.json: found above this file, whether it runs from src/ or
// from the built dist/.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function corectlVersion(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'corectl') return pkg.version ?? 'unknown';
    } catch {
      // no package.json here: look further up
    }
  }
  return 'unknown';
}
