// Host lines of an INI inventory are cut into words as Python's shlex.split(comments=True) cuts
// them (what Ansible uses); generated lines are compared with the real python3.
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { ShlexError, shlexSplit } from '../../../src/inventory/python-shlex.ts';

const ORACLE = `
import json, shlex, sys
out = []
for line in json.load(sys.stdin):
    try: out.append(shlex.split(line, comments=True))
    except ValueError as e: out.append(str(e))
print(json.dumps(out))
`;

it('splits host lines exactly as Python shlex does, errors included', () => {
  const part = fc.oneof(fc.constantFrom(' ', '\t', '#', "'", '"', '\\', '=', 'a', 'b c', 'x=1', "'q r'", '"s\\"t"', '\\ ', '# c'), fc.string({ maxLength: 3 }));
  const lines = [...fc.sample(fc.array(part, { maxLength: 8 }).map((p) => p.join('')), { numRuns: 3000, seed: 18 }), 'web1 ansible_host=10.0.0.1 # the web', "db port='22' user=\"a b\" x=a#b"];
  const expected = JSON.parse(execFileSync('python3', ['-c', ORACLE], { input: JSON.stringify(lines), encoding: 'utf8' })) as (string[] | string)[];
  const ours = lines.map((line) => {
    try {
      return shlexSplit(line).map((w) => w.text);
    } catch (error) {
      if (error instanceof ShlexError) return error.message;
      throw error;
    }
  });
  const mismatches = lines.map((line, i) => [line, ours[i], expected[i]]).filter(([, a, b]) => JSON.stringify(a) !== JSON.stringify(b));
  expect(mismatches.slice(0, 10)).toEqual([]);
});
