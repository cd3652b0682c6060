// Python's ast.literal_eval, for INI inventory values: Ansible's INI plugin passes every value
// through it and keeps the string when it is not a literal. So `22` is a number, `'22'` a string,
// `True` a boolean, `[1, 'a']` a list, `0x1F` 31, `1e3` 1000, and `0755` (a syntax error in
// Python 3) the string "0755". Literals JSON cannot carry (bytes, complex numbers, sets, Ellipsis)
// are refused rather than turned into something else.
import { CorectlError } from '../errors/corectl-error.ts';
import { ExitCode } from '../errors/exit-codes.ts';

/** A literal Ansible would read but corectl cannot represent; the message says which. */
export class UnsupportedLiteralError extends CorectlError {
  override readonly name = 'UnsupportedLiteralError';
  override readonly exitCode = ExitCode.usage;
}

/** The value Ansible gives an INI value: the Python literal it spells, else the text itself. */
export function iniValue(text: string): unknown {
  const result = literalEval(text);
  return result.literal ? result.value : text;
}

type Parsed = { literal: true; value: unknown } | { literal: false };

/** Not a literal (a syntax error or another kind of expression): Ansible keeps the text. */
class NotLiteral extends Error {}

export function literalEval(text: string): Parsed {
  try {
    // literal_eval strips leading blanks and tabs itself.
    const parser = new LiteralParser(text.replace(/^[ \t]+/, ''));
    const value = parser.topLevel();
    parser.end();
    // Python reads these; JSON has no place for them. Only once the whole text is a literal.
    if (parser.unsupported) throw new UnsupportedLiteralError(parser.unsupported);
    return { literal: true, value };
  } catch (error) {
    if (error instanceof NotLiteral) return { literal: false };
    throw error;
  }
}

const NUMBER = /^(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:\d(?:_?\d)*)?\.?(?:\d(?:_?\d)*)?(?:[eE][-+]?\d(?:_?\d)*)?)[jJ]?/;
const STRING_START = /^([rRuUbBfF]{0,2})('''|"""|'|")/;

class LiteralParser {
  private at = 0;
  /** Why the literal cannot be represented, when it cannot (the first reason found). */
  unsupported: string | undefined;

  constructor(private readonly text: string) {
    if (/^[ \t\f]/.test(text)) throw new NotLiteral(); // what is left is an indentation error
  }

  private refuse(reason: string): null {
    this.unsupported ??= reason;
    return null;
  }

  /** `1, 2` without brackets is a tuple, as in Python. */
  topLevel(): unknown {
    const first = this.expression();
    if (this.peek() !== ',') return first;
    const items = [first];
    while (this.peek() === ',') {
      this.at++;
      if (this.peek() === undefined) break;
      items.push(this.expression());
    }
    return items;
  }

  expression(): unknown {
    const value = this.operand();
    // `1+2j`: the only binary operation literal_eval accepts, and a complex number.
    const rest = /^\s*[-+]\s*[0-9.][0-9_.eE+-]*[jJ]/.exec(this.text.slice(this.at));
    if (typeof value === 'number' && rest) {
      this.at += rest[0].length;
      return this.refuse(`${this.text.trim()} is a complex number`);
    }
    return value;
  }

  private operand(): unknown {
    this.skip();
    const c = this.text[this.at];
    if (c === '-' || c === '+') {
      // Only a number may be signed: not `--1`, not `-True`.
      this.at++;
      this.skip();
      if (!/[0-9.]/.test(this.text[this.at] ?? '')) throw new NotLiteral();
      const number = this.number();
      return number === null ? null : c === '-' ? -number : number;
    }
    if (this.text.startsWith('...', this.at)) {
      this.at += 3;
      return this.refuse('Ellipsis (...)');
    }
    if (c === '[') return this.sequence(']');
    if (c === '(') return this.parenthesised();
    if (c === '{') return this.braces();
    if (c !== undefined && STRING_START.test(this.text.slice(this.at))) return this.strings();
    if (c !== undefined && /[0-9.]/.test(c)) return this.number();
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.at))?.[0];
    if (name === undefined) throw new NotLiteral();
    this.at += name.length;
    if (name === 'True') return true;
    if (name === 'False') return false;
    if (name === 'None') return null;
    throw new NotLiteral();
  }

  end(): void {
    this.skip();
    if (this.at < this.text.length) throw new NotLiteral();
  }

  private skip(): void {
    for (;;) {
      const blank = /^(?:[ \t\f\r\n]+|#[^\n]*|\\\n)/.exec(this.text.slice(this.at));
      if (!blank) return;
      this.at += blank[0].length;
    }
  }

  private peek(): string | undefined {
    this.skip();
    return this.text[this.at];
  }

  private expect(char: string): void {
    if (this.peek() !== char) throw new NotLiteral();
    this.at++;
  }

  private number(): number | null {
    const match = NUMBER.exec(this.text.slice(this.at))?.[0] ?? '';
    if (!/\d/.test(match)) throw new NotLiteral();
    // The next character must end the token: `1x`, `0755`, `1__0` are syntax errors.
    const next = this.text[this.at + match.length];
    if (next !== undefined && /[A-Za-z0-9_.]/.test(next)) throw new NotLiteral();
    this.at += match.length;
    if (/[jJ]$/.test(match)) return this.refuse(`${match} is a complex number`);
    const digits = match.replaceAll('_', '');
    let value: number;
    if (/^0[xXoObB]/.test(digits)) value = Number(digits.replace(/^0[oO]/, '0o').toLowerCase());
    else if (/[.eE]/.test(digits)) value = Number(digits);
    else {
      if (/^0\d/.test(digits) && /[1-9]/.test(digits)) throw new NotLiteral(); // 0755: not Python 3
      value = Number(digits);
    }
    if (!Number.isFinite(value)) return this.refuse(`${match} is not a finite number`);
    if (Number.isInteger(value) && !/[.eE]/.test(digits) && !Number.isSafeInteger(value)) return this.refuse(`${match} is too large to keep exactly`);
    return value;
  }

  /** One or more adjacent string literals, joined as Python joins them. */
  private strings(): string | null {
    let text = '';
    let kinds = new Set<string>();
    while (this.at < this.text.length && STRING_START.test(this.text.slice(this.at))) {
      const [, prefix, quote] = STRING_START.exec(this.text.slice(this.at))!;
      const lower = prefix!.toLowerCase();
      if (!/^(|r|u|b|br|rb|f|fr|rf)$/.test(lower)) throw new NotLiteral();
      if (lower.includes('f')) throw new NotLiteral(); // an f-string is not a literal
      kinds = new Set([...kinds, lower.includes('b') ? 'bytes' : 'text']);
      this.at += prefix!.length + quote!.length;
      const end = this.closing(quote!);
      const body = this.text.slice(this.at, end);
      this.at = end + quote!.length;
      if (quote!.length === 1 && /\n/.test(body.replace(/\\\n/g, ''))) throw new NotLiteral();
      if (!lower.includes('r') && /\\N\{/.test(body.replace(/\\\\/g, ''))) this.refuse('a \\N{...} escape');
      text += lower.includes('r') ? body : unescape(body);
      if (this.peek() === undefined || !STRING_START.test(this.text.slice(this.at))) break;
    }
    if (kinds.size > 1) throw new NotLiteral(); // bytes next to text: a syntax error
    if (kinds.has('bytes')) return this.refuse('a bytes literal (b\'...\')');
    return text;
  }

  /** Where the string ends; a backslash keeps the next character in, raw strings included. */
  private closing(quote: string): number {
    for (let i = this.at; i < this.text.length; i++) {
      if (this.text[i] === '\\') {
        i++;
        continue;
      }
      if (this.text.startsWith(quote, i)) return i;
    }
    throw new NotLiteral();
  }

  private sequence(close: string): unknown[] {
    this.at++;
    const items: unknown[] = [];
    while (this.peek() !== close) {
      items.push(this.expression());
      if (this.peek() === ',') this.at++;
      else break;
    }
    this.expect(close);
    return items;
  }

  private parenthesised(): unknown {
    this.at++;
    if (this.peek() === ')') {
      this.at++;
      return [];
    }
    const first = this.expression();
    if (this.peek() === ')') {
      this.at++;
      return first;
    }
    this.expect(',');
    const items = [first];
    while (this.peek() !== ')') {
      items.push(this.expression());
      if (this.peek() === ',') this.at++;
      else break;
    }
    this.expect(')');
    return items;
  }

  /** The rest of a set after its first item. */
  private setRest(): void {
    while (this.peek() === ',') {
      this.at++;
      if (this.peek() === '}') break;
      this.expression();
    }
    this.expect('}');
  }

  private braces(): Record<string, unknown> {
    this.at++;
    // Python's key identity (True == 1 == 1.0), and the first spelling of a key is the one kept.
    const keys = new Map<string, string>();
    const dict: Record<string, unknown> = {};
    if (this.peek() === '}') {
      this.at++;
      return dict;
    }
    for (;;) {
      const key = this.expression();
      if (this.peek() !== ':') {
        // {a, b} is a set: Python has it, JSON does not.
        if (this.peek() !== ',' && this.peek() !== '}') throw new NotLiteral();
        this.setRest();
        return this.refuse('a set ({...} without keys)') as never;
      }
      this.at++;
      if (key !== null && typeof key === 'object') this.refuse('a dict key that is a list or dict');
      const identity = typeof key === 'string' ? `s${key}` : key === null ? 'null' : `n${Number(key)}`;
      if (!keys.has(identity)) keys.set(identity, key === null ? 'null' : String(key));
      dict[keys.get(identity)!] = this.expression();
      if (this.peek() === ',') this.at++;
      else if (this.peek() !== '}') throw new NotLiteral();
      if (this.peek() === '}') break;
    }
    this.at++;
    return dict;
  }
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '' };

function unescape(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|[\s\S])/g, (whole, escape: string) => {
    if (escape in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[escape]!;
    if (/^[xuU]/.test(escape) && escape.length > 1) return String.fromCodePoint(parseInt(escape.slice(1), 16));
    if (/^[0-7]/.test(escape)) return String.fromCodePoint(parseInt(escape, 8));
    return whole; // Python keeps an unknown escape as written
  });
}
