import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quote, raw, sh, UnquotableValueError } from '../../../src/connection/shell-quote.ts';

// What a real POSIX shell makes of a command: the words it passes to printf, one per line.
function wordsSeenByShell(command: string): string[] {
  const out = execFileSync('sh', ['-c', `set -- ${command}; for w in "$@"; do printf '%s\\0' "$w"; done`]);
  return out.toString('utf8').split('\0').slice(0, -1);
}

const hostile = fc.string({
  unit: fc.constantFrom("'", '"', '$', '(', ')', '`', '\\', '\n', ';', '&', '|', '*', '?', '[', ']', '-', ' ', 'a', 'é', '😀', '\t', '~', '!', '#', '{', '}', '<', '>', '=', '%'),
  maxLength: 30,
});

describe('quote', () => {
  it('passes every hostile string to the shell as exactly one word, unchanged', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        expect(wordsSeenByShell(quote(value))).toEqual([value]);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps plain words readable and quotes the rest', () => {
    expect(quote('/etc/chrony.conf')).toBe('/etc/chrony.conf');
    expect(quote('')).toBe("''");
    expect(quote('-rf')).toBe("'-rf'");
    expect(quote("it's")).toBe(`'it'\\''s'`);
  });

  it('refuses NUL, which no command argument can hold', () => {
    expect(() => quote('a\0b')).toThrow(UnquotableValueError);
  });
});

describe('sh template', () => {
  it('quotes interpolations and spreads arrays into separate words', () => {
    fc.assert(
      fc.property(hostile, fc.array(hostile, { maxLength: 4 }), (one, many) => {
        const command = sh`${one} ${many}`;
        expect(wordsSeenByShell(command)).toEqual([one, ...many]);
      }),
      { numRuns: 200 },
    );
  });

  it('pastes raw fragments as they are', () => {
    expect(sh`test -e ${'$HOME'} ${raw('&&')} echo yes`).toBe("test -e '$HOME' && echo yes");
  });
});
