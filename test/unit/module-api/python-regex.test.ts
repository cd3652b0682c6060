// The Python regex dialect against the real Python `re` (the interpreter Debian's ansible-core
// runs on): random patterns over a small alphabet, each matched against random subjects by both.
// Python's rejections must be ours too; our own refusals must be the listed ones; every pattern
// both accept must find the same span and the same groups.
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePythonRegex, PythonRegexError } from '../../../src/module-api/python-regex.ts';
import { expandTemplate, parseTemplate } from '../../../src/module-api/python-regex-template.ts';

interface PythonAnswer {
  error?: string;
  results?: ({ span: [number, number]; groups: (string | null)[] } | null)[];
  expanded?: (string | { error: string } | null)[];
}

const PYTHON = String.raw`
import json, re, sys
out = []
for pattern, subjects, template in json.load(sys.stdin):
    try:
        r = re.compile(pattern.encode('latin1'))
    except re.error as e:
        out.append({'error': str(e)}); continue
    results, expanded = [], []
    for s in subjects:
        m = r.search(s.encode('latin1'))
        results.append(None if m is None else {'span': list(m.span()), 'groups': [None if g is None else g.decode('latin1') for g in m.groups()]})
        if template is not None:
            if m is None: expanded.append(None)
            else:
                try: expanded.append(m.expand(template.encode('latin1')).decode('latin1'))
                except (re.error, IndexError) as e: expanded.append({'error': str(e)})
    out.append({'results': results, 'expanded': expanded})
json.dump(out, sys.stdout)
`;

function python(cases: [string, string[], string | null][]): PythonAnswer[] {
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', PYTHON], { input: JSON.stringify(cases), maxBuffer: 64 * 1024 * 1024 }).toString());
}

// Refusals of our own (Python accepts these): the reason says which.
const DELIBERATE = /can match the empty string|backreference inside a lookbehind|possessive|atomic|conditional|scoped inline flags|may not take part|repeated lookaround|above 0x7F|locale flag|POSIX class|inside a repetition that may skip/;

const atom = fc.constantFrom('a', 'b', '1', ' ', '\\n', '\\r', '.', '\\s', '\\S', '\\d', '\\D', '\\w', '\\W', '[ab]', '[^a]', '[a-c1]', '[\\s1]', '[\\S]', '\\x61', '\\.', '\\t', '[]a]');
const anchor = fc.constantFrom('^', '$', '\\A', '\\Z', '\\b', '\\B');
const quantifier = fc.constantFrom('*', '+', '?', '{2}', '{1,2}', '{,2}', '{2,}', '*?', '+?', '??', '{1,2}?');
const pattern: fc.Arbitrary<string> = fc.letrec<{ node: string; seq: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: atom, weight: 8 },
    { arbitrary: anchor, weight: 2 },
    { arbitrary: fc.tuple(tie('seq'), fc.constantFrom('(', '(?:', '(?P<n>', '(?=', '(?!', '(?<=', '(?<!')).map(([s, open]) => `${open === '(?P<n>' ? `(?P<n${s.length}>` : open}${s})`), weight: 3 },
    { arbitrary: fc.tuple(atom, quantifier).map(([a, q]) => a + q), weight: 4 },
    { arbitrary: fc.tuple(tie('seq'), quantifier).map(([s, q]) => `(${s})${q}`), weight: 2 },
    { arbitrary: fc.tuple(tie('seq'), tie('seq')).map(([a, b]) => `(?:${a}|${b})`), weight: 2 },
    { arbitrary: fc.constantFrom('\\1', '(?P=n1)'), weight: 1 },
  ),
  seq: fc.array(tie('node'), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('')),
})).seq;
const flags = fc.constantFrom('', '', '(?i)', '(?m)', '(?s)', '(?x)', '(?ms)');
const subject = fc.array(fc.constantFrom('a', 'A', 'b', '1', ' ', '\n', '\r', '\xa0', '_'), { maxLength: 8 }).map((c) => c.join(''));
const template = fc.constantFrom('x', '\\1', '<\\g<1>>', '\\g<0>', '\\t\\1', '\\2', '\\q', '\\.', '\\01');

describe('Python regular expressions', () => {
  it('match exactly as Python re does, or are refused for a listed reason (property, against python3)', () => {
    const samples = fc.sample(fc.tuple(flags, pattern, fc.array(subject, { minLength: 6, maxLength: 6 }), fc.option(template, { nil: null })), { numRuns: 5000, seed: 20261130 });
    const cases = samples.map(([f, p, s, t]) => [f + p, s, t] as [string, string[], string | null]);
    const answers = python(cases);
    let compared = 0;
    let refused = 0;
    for (const [index, [source, subjects, tmpl]] of cases.entries()) {
      const answer = answers[index]!;
      let compiled;
      try {
        compiled = compilePythonRegex(Buffer.from(source, 'latin1').toString('utf8'));
      } catch (error) {
        if (!(error instanceof PythonRegexError)) throw error;
        if (answer.error === undefined) {
          expect(error.reason, `we refuse ${JSON.stringify(source)}, Python accepts it`).toMatch(DELIBERATE);
          refused++;
        }
        continue;
      }
      expect(answer.error, `Python refuses ${JSON.stringify(source)}, we accept it`).toBeUndefined();
      compared++;
      for (const [i, text] of subjects.entries()) {
        const m = compiled.regex.exec(text);
        const expected = answer.results![i]!;
        const got = m === null ? null : { span: [m.index, m.index + m[0].length], groups: m.slice(1).map((g) => g ?? null) };
        if (got && expected) {
          for (const unstable of compiled.unstableGroups) got.groups[unstable - 1] = expected.groups[unstable - 1]!;
        }
        expect(got, `${JSON.stringify(source)} on ${JSON.stringify(text)}`).toEqual(expected);
        if (tmpl === null || !m) continue;
        const pythonExpanded = answer.expanded![i];
        let ours: string | { error: string };
        try {
          ours = expandTemplate(parseTemplate(tmpl, compiled), m);
        } catch (error) {
          ours = { error: (error as Error).message };
        }
        if (typeof pythonExpanded === 'string') {
          if (typeof ours !== 'string') expect(ours.error).toMatch(DELIBERATE);
          else expect(ours, `${JSON.stringify(tmpl)} after ${JSON.stringify(source)} on ${JSON.stringify(text)}`).toBe(pythonExpanded);
        } else expect(typeof ours, `Python refuses template ${JSON.stringify(tmpl)} for ${JSON.stringify(source)}`).not.toBe('string');
      }
    }
    // The comparison must have covered a real share of the patterns.
    expect(compared).toBeGreaterThan(2000);
    expect(refused).toBeLessThan(compared / 4);
  });

  it.each([
    ['^\\s*PermitRootLogin', '  PermitRootLogin yes\n', true],
    ['^port=\\d+$', 'port=8080\n', true],
    ['^port=\\d+$', 'port=8080\r\n', false],
    ['(?i)^permitrootlogin', 'PermitRootLogin no\n', true],
    ['^#?\\s*Port\\b', '#Port 22\n', true],
    ['^#?\\s*Port\\b', 'Ports 22\n', false],
    ['^(.*?)=', 'a=b=c\n', true],
  ])('%s on %j matches: %s', (source, text, matches) => {
    expect(compilePythonRegex(source).regex.test(Buffer.from(text).toString('latin1'))).toBe(matches);
  });

  it.each([
    ['[[:space:]]', /POSIX class \[:space:\].*write \\s/],
    ['a*+', /possessive/],
    ['(?>a)', /atomic/],
    ['(?i:a)', /scoped inline flags/],
    ['a(?i)', /global flags not at the start/],
    ['(a)?b\\1', /may not take part/],
    ['\\q', /bad escape \\q/],
    ['(?<=a+)b', /fixed-width/],
    ['(?i)café', /above 0x7F/],
    ['(unclosed', /missing \)/],
    ['a{3,1}', /min repeat greater than max repeat/],
  ])('refuses %j, naming the construct', (source, reason) => {
    expect(() => compilePythonRegex(source)).toThrow(reason);
  });
});
