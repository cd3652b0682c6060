// A parser for Python's `re` syntax as Ansible uses it (a bytes pattern: the regex is encoded as
// UTF-8 and matched against raw file bytes), producing a small syntax tree. It raises the errors
// Python raises, so a pattern Ansible would fail on at run time is refused before any host is
// touched, and it marks what JavaScript cannot do identically so the translator can refuse it.
import { CorectlError } from '../errors/corectl-error.ts';
import { ExitCode } from '../errors/exit-codes.ts';

export type ClassItem = { lo: number; hi: number } | { category: Category };
export type Category = 'd' | 'D' | 'w' | 'W' | 's' | 'S';
export type Anchor = 'bol' | 'eol' | 'bos' | 'eos' | 'word' | 'nonword';

export type RegexNode =
  | { t: 'literal'; byte: number }
  | { t: 'any' }
  | { t: 'category'; category: Category }
  | { t: 'class'; negated: boolean; items: ClassItem[] }
  | { t: 'anchor'; anchor: Anchor }
  | { t: 'group'; index?: number; name?: string; body: RegexNode }
  | { t: 'look'; behind: boolean; negated: boolean; body: RegexNode }
  | { t: 'backref'; index: number }
  | { t: 'repeat'; min: number; max: number; lazy: boolean; body: RegexNode }
  | { t: 'sequence'; items: RegexNode[] }
  | { t: 'alternation'; branches: RegexNode[] };

export interface ParsedRegex {
  root: RegexNode;
  /** Python's global inline flags, as letters: i, m, s, x, a. */
  flags: Set<string>;
  groups: number;
  names: Map<string, number>;
}

/** Python would reject the pattern (re.error), or corectl cannot match it exactly as Python does. */
export class PythonRegexError extends CorectlError {
  override readonly name = 'PythonRegexError';
  override readonly exitCode = ExitCode.usage;
  constructor(
    readonly pattern: string,
    readonly reason: string,
  ) {
    super(`regular expression ${JSON.stringify(pattern)}: ${reason}`);
  }
}

const FLAG_LETTERS = 'aiLmsux';
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d]);
const SIMPLE_ESCAPES: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 };
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isOctal = (c: string | undefined) => c !== undefined && c >= '0' && c <= '7';
const isAsciiLetter = (c: string | undefined) => c !== undefined && /^[A-Za-z]$/.test(c);

/** Parses `pattern` (a JavaScript string; encoded as UTF-8 first, as Ansible does). */
export function parsePythonRegex(pattern: string): ParsedRegex {
  return new Parser(pattern).parse();
}

class Parser {
  private readonly src: string;
  private pos = 0;
  private groups = 0;
  private readonly names = new Map<string, number>();
  private readonly open = new Set<number>();
  private readonly flags = new Set<string>();

  constructor(private readonly pattern: string) {
    // One character per byte, as Python's bytes pattern sees it.
    this.src = Buffer.from(pattern, 'utf8').toString('latin1');
  }

  parse(): ParsedRegex {
    this.leadingFlags();
    const root = this.alternation();
    if (this.pos < this.src.length) this.fail(this.src[this.pos] === ')' ? 'unbalanced parenthesis' : 'unexpected end');
    return { root, flags: this.flags, groups: this.groups, names: this.names };
  }

  private fail(reason: string): never {
    throw new PythonRegexError(this.pattern, `${reason} (at byte ${this.pos})`);
  }

  /** Global flags are only allowed at the very start (comments may come first), as in Python 3.11. */
  private leadingFlags(): void {
    for (;;) {
      const comment = /^\(\?#[^)]*\)/.exec(this.src.slice(this.pos));
      if (comment) {
        this.pos += comment[0].length;
        continue;
      }
      const flags = /^\(\?([a-zA-Z]+)\)/.exec(this.src.slice(this.pos));
      if (!flags) return;
      for (const letter of flags[1]!) {
        if (!FLAG_LETTERS.includes(letter)) this.fail(`unknown flag ${letter}`);
        if (letter === 'u') this.fail("cannot use 'u' flag with a bytes pattern");
        if (letter === 'L') this.fail('the locale flag (?L) is not supported: its meaning depends on the host locale');
        this.flags.add(letter);
      }
      this.pos += flags[0].length;
    }
  }

  private alternation(): RegexNode {
    const branches = [this.sequence()];
    while (this.src[this.pos] === '|') {
      this.pos++;
      branches.push(this.sequence());
    }
    return branches.length === 1 ? branches[0]! : { t: 'alternation', branches };
  }

  private sequence(): RegexNode {
    const items: RegexNode[] = [];
    for (;;) {
      this.skipVerbose();
      const c = this.src[this.pos];
      if (c === undefined || c === '|' || c === ')') break;
      const quantifier = this.quantifier();
      if (quantifier) {
        const last = items.at(-1);
        if (!last || last.t === 'anchor') this.fail('nothing to repeat');
        if (last.t === 'repeat') this.fail('multiple repeat');
        items[items.length - 1] = { t: 'repeat', ...quantifier, body: last };
        continue;
      }
      const atom = this.atom();
      // A comment adds nothing: a quantifier after it applies to the item before it.
      if (atom) items.push(atom);
    }
    return items.length === 1 ? items[0]! : { t: 'sequence', items };
  }

  private skipVerbose(): void {
    if (!this.flags.has('x')) return;
    for (;;) {
      const code = this.src.charCodeAt(this.pos);
      if (WHITESPACE.has(code)) this.pos++;
      else if (this.src[this.pos] === '#') {
        while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++;
      } else return;
    }
  }

  /** `*`, `+`, `?`, `{m,n}` (a `{` that is not a quantifier is a literal), then `?` for lazy. */
  private quantifier(): { min: number; max: number; lazy: boolean } | undefined {
    const c = this.src[this.pos];
    let min: number;
    let max: number;
    if (c === '*' || c === '+' || c === '?') {
      this.pos++;
      [min, max] = c === '*' ? [0, Infinity] : c === '+' ? [1, Infinity] : [0, 1];
    } else if (c === '{') {
      const m = /^\{(\d*)(?:(,)(\d*))?\}/.exec(this.src.slice(this.pos));
      if (!m || (m[1] === '' && m[2] === undefined)) return undefined;
      this.pos += m[0].length;
      min = m[1] === '' ? 0 : Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      if (max < min) this.fail('min repeat greater than max repeat');
      if (min >= 2 ** 32 - 1 || (max !== Infinity && max >= 2 ** 32 - 1)) this.fail('the repetition number is too large');
    } else return undefined;
    let lazy = false;
    if (this.src[this.pos] === '?') {
      lazy = true;
      this.pos++;
    } else if (this.src[this.pos] === '+') {
      this.fail('possessive quantifiers (*+, ++, ?+, {m,n}+) are not supported: JavaScript has no equivalent');
    }
    return { min, max, lazy };
  }

  private atom(): RegexNode | undefined {
    const c = this.src[this.pos]!;
    this.pos++;
    switch (c) {
      case '.':
        return { t: 'any' };
      case '^':
        return { t: 'anchor', anchor: 'bol' };
      case '$':
        return { t: 'anchor', anchor: 'eol' };
      case '[':
        return this.characterClass();
      case '(':
        return this.group();
      case '\\':
        return this.escape();
      default:
        return { t: 'literal', byte: c.charCodeAt(0) };
    }
  }

  private group(): RegexNode | undefined {
    if (this.src[this.pos] !== '?') return this.capture(undefined);
    this.pos++;
    const c = this.src[this.pos];
    this.pos++;
    if (c === ':') return this.closeGroup({ t: 'group', body: this.alternation() });
    if (c === '#') {
      while (this.pos < this.src.length && this.src[this.pos] !== ')') this.pos++;
      if (this.pos >= this.src.length) this.fail('missing ), unterminated comment');
      this.pos++;
      return undefined;
    }
    if (c === '=' || c === '!') return this.closeGroup({ t: 'look', behind: false, negated: c === '!', body: this.alternation() });
    if (c === '<' && (this.src[this.pos] === '=' || this.src[this.pos] === '!')) {
      const negated = this.src[this.pos] === '!';
      this.pos++;
      return this.closeGroup({ t: 'look', behind: true, negated, body: this.alternation() });
    }
    if (c === 'P') return this.namedGroup();
    if (c === '(') this.fail('conditional groups (?(id)yes|no) are not supported: JavaScript has no equivalent');
    if (c === '>') this.fail('atomic groups (?>...) are not supported: JavaScript has no equivalent');
    if (c !== undefined && (FLAG_LETTERS.includes(c) || c === '-')) {
      const rest = /^[a-zA-Z-]*/.exec(this.src.slice(this.pos - 1))![0];
      if (this.src[this.pos - 1 + rest.length] === ')') this.fail('global flags not at the start of the expression');
      this.fail(`scoped inline flags (?${rest}:...) are not supported: put global flags such as (?i) at the start of the pattern`);
    }
    this.fail(`unknown extension ?${c ?? ''}`);
  }

  private namedGroup(): RegexNode {
    const c = this.src[this.pos];
    if (c === '<') {
      const m = /^<([^>]*)>/.exec(this.src.slice(this.pos));
      if (!m) this.fail('missing >, unterminated name');
      const name = m[1]!;
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) this.fail(`bad character in group name '${name}'`);
      if (this.names.has(name)) this.fail(`redefinition of group name '${name}'`);
      this.pos += m[0].length;
      return this.capture(name);
    }
    if (c === '=') {
      const m = /^=([^)]*)\)/.exec(this.src.slice(this.pos));
      if (!m) this.fail('missing ), unterminated name');
      const index = this.names.get(m[1]!);
      if (index === undefined) this.fail(`unknown group name '${m[1]}'`);
      if (this.open.has(index)) this.fail('cannot refer to an open group');
      this.pos += m[0].length;
      return { t: 'backref', index };
    }
    this.fail(`unknown extension ?P${c ?? ''}`);
  }

  private capture(name: string | undefined): RegexNode {
    const index = ++this.groups;
    if (name !== undefined) this.names.set(name, index);
    this.open.add(index);
    const node = this.closeGroup({ t: 'group', index, name, body: this.alternation() });
    this.open.delete(index);
    return node;
  }

  private closeGroup(node: RegexNode): RegexNode {
    if (this.src[this.pos] !== ')') this.fail('missing ), unterminated subpattern');
    this.pos++;
    return node;
  }

  private escape(): RegexNode {
    const c = this.src[this.pos];
    if (c === undefined) this.fail('bad escape (end of pattern)');
    this.pos++;
    const anchors: Record<string, Anchor> = { A: 'bos', Z: 'eos', b: 'word', B: 'nonword' };
    if (anchors[c]) return { t: 'anchor', anchor: anchors[c] };
    if ('dDwWsS'.includes(c)) return { t: 'category', category: c as Category };
    if (isDigit(c)) return this.numericEscape(c);
    return { t: 'literal', byte: this.characterEscape(c) };
  }

  /** `\0`, `\12` (octal when three octal digits or a leading 0), or a group reference. */
  private numericEscape(first: string): RegexNode {
    if (first === '0') return { t: 'literal', byte: this.octal('0') };
    if (isOctal(first) && isOctal(this.src[this.pos]) && isOctal(this.src[this.pos + 1])) return { t: 'literal', byte: this.octal(first) };
    let digits = first;
    if (isDigit(this.src[this.pos])) digits += this.src[this.pos++];
    const index = Number(digits);
    if (index > this.groups) this.fail(`invalid group reference ${index}`);
    if (this.open.has(index)) this.fail('cannot refer to an open group');
    return { t: 'backref', index };
  }

  private octal(first: string): number {
    let digits = first;
    while (digits.length < 3 && isOctal(this.src[this.pos])) digits += this.src[this.pos++];
    const value = parseInt(digits, 8);
    if (value > 0o377) this.fail(`octal escape value \\${digits} outside of range 0-0o377`);
    return value;
  }

  /** An escape that stands for one byte: \n, \x41, \. ...; unknown ASCII letters are errors. */
  private characterEscape(c: string): number {
    if (c === 'x') {
      const hex = /^[0-9a-fA-F]{2}/.exec(this.src.slice(this.pos));
      if (!hex) this.fail('incomplete escape \\x');
      this.pos += 2;
      return parseInt(hex[0], 16);
    }
    if (SIMPLE_ESCAPES[c] !== undefined && c !== 'b') return SIMPLE_ESCAPES[c];
    if (isAsciiLetter(c)) this.fail(`bad escape \\${c}`);
    return c.charCodeAt(0);
  }

  private characterClass(): RegexNode {
    const negated = this.src[this.pos] === '^';
    if (negated) this.pos++;
    if (/^\[:[a-z]+:\]/.test(this.src.slice(this.pos))) {
      this.fail(`POSIX class ${/^\[:[a-z]+:\]/.exec(this.src.slice(this.pos))![0]} inside [...] is not Python syntax (Python reads it as a set of single characters): write \\s, \\d, \\w or a range instead`);
    }
    const items: ClassItem[] = [];
    let first = true;
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined) this.fail('unterminated character set');
      if (c === ']' && !first) {
        this.pos++;
        return { t: 'class', negated, items };
      }
      first = false;
      const lo = this.classAtom();
      if (this.src[this.pos] === '-' && this.src[this.pos + 1] !== ']' && this.src[this.pos + 1] !== undefined) {
        this.pos++;
        const hi = this.classAtom();
        if ('category' in lo || 'category' in hi) this.fail('bad character range');
        if (hi.lo < lo.lo) this.fail('bad character range');
        items.push({ lo: lo.lo, hi: hi.lo });
      } else items.push(lo);
    }
  }

  private classAtom(): ClassItem {
    const c = this.src[this.pos]!;
    this.pos++;
    if (c !== '\\') return { lo: c.charCodeAt(0), hi: c.charCodeAt(0) };
    const e = this.src[this.pos];
    if (e === undefined) this.fail('unterminated character set');
    this.pos++;
    if ('dDwWsS'.includes(e)) return { category: e as Category };
    if (e === 'b') return { lo: 8, hi: 8 };
    if (isOctal(e)) {
      const byte = this.octal(e);
      return { lo: byte, hi: byte };
    }
    if (isDigit(e)) this.fail(`bad escape \\${e}`);
    const byte = this.characterEscape(e);
    return { lo: byte, hi: byte };
  }
}
