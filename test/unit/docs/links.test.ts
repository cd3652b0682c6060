// Every link between README.md, CHANGELOG.md and docs/ points at a file that exists and, with an
// anchor, at a heading it has (GitHub's slugs): moving a section cannot leave a link dangling.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

const DOCUMENTS = ['README.md', 'CHANGELOG.md', ...readdirSync('docs', { recursive: true }).map(String).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\- _]/gu, '').replace(/ /g, '-');
}

function anchorsOf(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!)));
}

describe('links in the documentation', () => {
  it('finds the documents', () => {
    expect(DOCUMENTS).toContain('docs/playbooks.md');
    expect(DOCUMENTS).toContain('docs/modules/README.md');
  });

  for (const document of DOCUMENTS) {
    it(`${document}: every local link resolves`, () => {
      const text = readFileSync(document, 'utf8').replace(/```[\s\S]*?```/g, '');
      const broken: string[] = [];
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        const [path, anchor] = target!.split('#') as [string, string | undefined];
        const file = path === '' ? document : normalize(join(dirname(document), path));
        if (!existsSync(file)) broken.push(`${target} (no file ${file})`);
        else if (anchor !== undefined && file.endsWith('.md') && !anchorsOf(file).has(anchor)) broken.push(`${target} (no heading #${anchor} in ${file})`);
      }
      expect(broken).toEqual([]);
    });
  }
});
