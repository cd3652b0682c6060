// `npm run docs`: writes the module reference (docs/modules/) from the modules' own source.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { moduleReference } from './module-reference.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const files = moduleReference();
mkdirSync(join(ROOT, 'docs/modules'), { recursive: true });
// A module that went away takes its page with it.
for (const name of readdirSync(join(ROOT, 'docs/modules'))) {
  if (!files.has(`docs/modules/${name}`)) rmSync(join(ROOT, 'docs/modules', name));
}
for (const [path, text] of files) writeFileSync(join(ROOT, path), text);
console.log(`docs/modules: ${files.size} files`);
