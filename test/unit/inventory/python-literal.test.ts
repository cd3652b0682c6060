// INI values are read as Python literals (ast.literal_eval), as Ansible's INI plugin reads them.
// Every case, written and generated, is compared with the real python3 on this machine.
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { literalEval, UnsupportedLiteralError } from '../../../src/inventory/python-literal.ts';

const ORACLE = `
import ast, json, sys, warnings
warnings.simplefilter('ignore')
out = []
for text in json.load(sys.stdin):
    try:
        v = ast.literal_eval(text)
    except Exception:
        out.append({'literal': False}); continue
    def plain(v):
        if isinstance(v, (bytes, complex, set, frozenset)) or v is Ellipsis: raise TypeError
        if isinstance(v, float) and v != v or v in (float('inf'), float('-inf')): raise TypeError
        if isinstance(v, int) and not isinstance(v, bool) and abs(v) > 2**53 - 1: raise TypeError
        if isinstance(v, (list, tuple)): return [plain(x) for x in v]
        if isinstance(v, dict):
            if any(isinstance(k, (tuple, float)) for k in v): raise TypeError
            return {json.dumps(k) if not isinstance(k, str) else k: plain(x) for k, x in v.items()}
        return v
    try:
        out.append({'literal': True, 'value': plain(v)})
    except TypeError:
        out.append({'unsupported': True})
print(json.dumps(out))
`;

type Verdict = { literal: false } | { literal: true; value: unknown } | { unsupported: true };

function python(texts: string[]): Verdict[] {
  return JSON.parse(execFileSync('python3', ['-c', ORACLE], { input: JSON.stringify(texts), encoding: 'utf8' })) as Verdict[];
}

function ours(text: string): Verdict {
  try {
    const parsed = literalEval(text);
    return parsed.literal ? { literal: true, value: parsed.value } : { literal: false };
  } catch (error) {
    if (error instanceof UnsupportedLiteralError) return { unsupported: true };
    throw error;
  }
}

/** JSON keys of non-string Python keys come back as json.dumps of the key: "1", "true", "null". */
const normalise = (v: Verdict): Verdict => JSON.parse(JSON.stringify(v)) as Verdict;

const WRITTEN = [
  '22', '-22', '+7', '0', '00', '0755', '0x1F', '0o17', '0b101', '1_000', '1__0', '1e3', '1.5', '.5', '5.', '1.e3', '1e', '12abc',
  'True', 'False', 'None', 'true', 'yes', 'null', "'22'", '"22"', "'a' 'b'", '"a" \'b\'', "r'a\\nb'", "'a\\nb'", "'\\x41\\u00e9'", "'\\q'",
  "'''tri\nple'''", "'un\nclosed'", "b'x'", "'x' b'y'", "f'x'", "u'x'", '1j', '1+2j', '{1, 2}', '...', '[1, 2, [3, "a"]]', '[1,]', '[,]',
  '(1, 2)', '(1,)', '()', '(1)', '{"a": 1, "b": [True, None]}', '{1: "a", True: 2, None: 3}', '{}', '{"a": 1 "b": 2}', '[1, 2',
  ' 1', '1 ', '1 # comment', 'value # comment', 'a=b', 'admin x', 'web1.example.net', '-', '--1', '- 1', '-True', "-'a'",
  '99999999999999999999', '1e999', '[1, 2]  ', '/usr/bin/python3', '~/.ssh/id', '$HOME', "'unterminated", '"a\\"b"', "'it''s'",
];

describe('Python literals in INI values', () => {
  it('reads the written cases exactly as python3 does', () => {
    const expected = python(WRITTEN).map(normalise);
    expect(WRITTEN.map((text) => normalise(ours(text)))).toEqual(expected);
  });

  it('reads generated literal-like text exactly as python3 does', () => {
    const atom = fc.oneof(
      fc.constantFrom('0', '1', '07', '0x1f', '1_0', '1.5', '.5', '1e3', 'True', 'None', 'x', "'a'", '"b"', "r'\\n'", "'\\t'", '-', ' ', ',', ':', '#'),
      fc.integer({ min: -1000, max: 1000 }).map(String),
      fc.string({ maxLength: 4 }),
    );
    const text = fc.array(fc.oneof(atom, fc.constantFrom('[', ']', '(', ')', '{', '}')), { maxLength: 8 }).map((parts) => parts.join(''));
    const samples = fc.sample(text, { numRuns: 3000, seed: 18 });
    const expected = python(samples).map(normalise);
    const mismatches = samples.map((s, i) => [s, normalise(ours(s)), expected[i]] as const).filter(([, a, b]) => JSON.stringify(a) !== JSON.stringify(b));
    expect(mismatches.slice(0, 10)).toEqual([]);
  });
});
