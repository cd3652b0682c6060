// The module reference in docs/modules/ is what `npm run docs` makes from the modules' source: a
// module, option or default changed without running it fails here.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { currentText, moduleReference } from '../../../docs/module-reference.ts';

describe('docs/modules', () => {
  const files = moduleReference();

  it('has a page for every module and the index, and nothing else', () => {
    expect(files.size).toBeGreaterThan(25);
    expect([...readdirSync('docs/modules')].map((name) => `docs/modules/${name}`).sort()).toEqual([...files.keys()].sort());
  });

  it('is current (run `npm run docs` after changing a module)', () => {
    for (const [path, text] of files) expect(currentText(path), path).toBe(text);
  });

  it("lists each option with its type and default, and Ansible's names with corectl's", () => {
    const page = files.get('docs/modules/file.md')!;
    expect(page).toContain('| `backup` | `boolean` | `false` |');
    expect(page).toContain('| `dest` | `path` |');
    expect(page).toContain('`ansible.builtin.copy');
  });
});
