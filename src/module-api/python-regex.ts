// Python regular expressions, as Ansible users write them, matched in JavaScript with Python's
// meaning. Subjects are raw bytes held one byte per character (Buffer#toString('latin1')), as
// Ansible matches file lines as bytes. What JavaScript cannot match identically is refused with
// the construct named, when options are validated: never a silently different match.
import { z } from 'zod';
import { parsePythonRegex, PythonRegexError, type Anchor, type ClassItem, type ParsedRegex, type RegexNode } from './python-regex-parse.ts';

export { PythonRegexError } from './python-regex-parse.ts';

export interface PythonRegex {
  /** The pattern as written. */
  readonly pattern: string;
  /** The JavaScript equivalent, for latin1-held byte strings. */
  readonly regex: RegExp;
  readonly groups: number;
  readonly names: ReadonlyMap<string, number>;
  /** Python's MULTILINE flag was set ((?m)). */
  readonly multiline: boolean;
  /** Groups whose value JavaScript would report differently from Python after a repetition. */
  readonly unstableGroups: ReadonlySet<number>;
  /**
   * The first construct that matches non-ASCII text differently as bytes (how corectl matches)
   * than as Python's str (how Ansible's replace matches): `.`, `\\w`, a negated class, ... On
   * ASCII-only subjects the two are the same; undefined when they are the same on any subject.
   */
  readonly textDiffers: string | undefined;
  /** Shortest and longest match, as Python's getwidth counts them (a backreference: up to Infinity). */
  readonly width: readonly [number, number];
  /**
   * It has a lazy repetition or an alternation: at one place a shorter match may be found before a
   * longer one (with greedy repetitions only, the empty match is always tried last).
   */
  readonly mayPreferShorter: boolean;
}

const hex = (byte: number) => `\\x${byte.toString(16).padStart(2, '0')}`;
// Python's \s for bytes is exactly [ \t\n\r\f\v]; JavaScript's would also take 0xA0.
const SPACE = '\\t-\\r ';
const NOT_SPACE_IN_CLASS = '\\x00-\\x08\\x0e-\\x1f!-\\xff';

/** Compiles a Python pattern; throws PythonRegexError naming what Python or corectl refuses. */
export function compilePythonRegex(pattern: string): PythonRegex {
  const parsed = parsePythonRegex(pattern);
  const { flags } = parsed;
  if (flags.has('i') && hasNonAscii(parsed.root)) {
    throw new PythonRegexError(pattern, '(?i) with bytes above 0x7F is not supported: Python folds only ASCII letters of a bytes pattern');
  }
  const unstable = analyseGroups(parsed, pattern);
  const emitter = new Emitter(flags, pattern);
  const source = emitter.emit(parsed.root);
  let regex: RegExp;
  try {
    regex = new RegExp(source, flags.has('i') ? 'i' : '');
  } catch (error) {
    throw new PythonRegexError(pattern, `cannot be matched here (${(error as Error).message})`);
  }
  const textDiffers = flags.has('i') ? '(?i)' : textDifference(parsed.root);
  return { pattern, regex, groups: parsed.groups, names: parsed.names, multiline: flags.has('m'), unstableGroups: unstable, textDiffers, width: width(parsed.root), mayPreferShorter: prefersShorter(parsed.root) };
}

/** A string option holding a Python regular expression, checked when options are validated. */
export const pythonRegexSchema = z.string().superRefine((pattern, ctx) => {
  try {
    compilePythonRegex(pattern);
  } catch (error) {
    if (!(error instanceof PythonRegexError)) throw error;
    ctx.addIssue({ code: 'custom', message: error.reason });
  }
});

/** Latin1-held bytes of a text, as Ansible's to_bytes() makes them (UTF-8). */
export function textBytes(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

function prefersShorter(node: RegexNode): boolean {
  switch (node.t) {
    case 'alternation':
      return true;
    case 'repeat':
      return node.lazy || prefersShorter(node.body);
    case 'group':
    case 'look':
      return prefersShorter(node.body);
    case 'sequence':
      return node.items.some(prefersShorter);
    default:
      return false;
  }
}

/** See PythonRegex.textDiffers. */
function textDifference(node: RegexNode): string | undefined {
  switch (node.t) {
    case 'any':
      return '`.`';
    case 'category':
      return `\\${node.category}`;
    case 'class': {
      if (node.negated) return 'a negated class [^...]';
      const item = node.items.find((i) => !('lo' in i) || i.hi > 0x7f);
      return item === undefined ? undefined : 'lo' in item ? 'a class with non-ASCII characters' : `\\${item.category} in a class`;
    }
    case 'anchor':
      return node.anchor === 'word' || node.anchor === 'nonword' ? '\\b or \\B' : undefined;
    case 'repeat':
      // é+ is one character repeated in text, and the last of its two bytes repeated in bytes.
      return hasNonAscii(node.body) ? 'a repeated non-ASCII character' : textDifference(node.body);
    case 'group':
    case 'look':
      return textDifference(node.body);
    case 'sequence':
      return node.items.map(textDifference).find((d) => d !== undefined);
    case 'alternation':
      return node.branches.map(textDifference).find((d) => d !== undefined);
    default:
      return undefined;
  }
}

function hasNonAscii(node: RegexNode): boolean {
  switch (node.t) {
    case 'literal':
      return node.byte > 0x7f;
    case 'class':
      return node.items.some((item) => 'lo' in item && item.hi > 0x7f);
    case 'group':
    case 'look':
    case 'repeat':
      return hasNonAscii(node.body);
    case 'sequence':
      return node.items.some(hasNonAscii);
    case 'alternation':
      return node.branches.some(hasNonAscii);
    default:
      return false;
  }
}

class Emitter {
  constructor(
    private readonly flags: Set<string>,
    private readonly pattern: string,
  ) {}

  emit(node: RegexNode): string {
    switch (node.t) {
      case 'literal':
        return hex(node.byte);
      case 'any':
        return this.flags.has('s') ? '[\\s\\S]' : '[^\\n]';
      case 'category':
        return node.category === 's' ? `[${SPACE}]` : node.category === 'S' ? `[^${SPACE}]` : `\\${node.category}`;
      case 'class':
        return `[${node.negated ? '^' : ''}${node.items.map(classItem).join('')}]`;
      case 'anchor':
        return this.anchor(node.anchor);
      case 'group':
        return node.index === undefined ? `(?:${this.emit(node.body)})` : `(${this.emit(node.body)})`;
      case 'look':
        return `(?${node.behind ? '<' : ''}${node.negated ? '!' : '='}${this.emit(node.body)})`;
      case 'backref':
        return `(?:\\${node.index})`;
      case 'repeat':
        return this.repeat(node);
      case 'sequence':
        return node.items.map((item) => this.emit(item)).join('');
      case 'alternation':
        return `(?:${node.branches.map((branch) => this.emit(branch)).join('|')})`;
    }
  }

  // JavaScript's ^ and $ know \r and \u2028 as line ends and its $ never matches before a final
  // newline; Python's know only \n. Lookarounds say exactly what Python means.
  private anchor(anchor: Anchor): string {
    const multiline = this.flags.has('m');
    switch (anchor) {
      case 'bol':
        return multiline ? '(?<![^\\n])' : '(?<![\\s\\S])';
      case 'eol':
        return multiline ? '(?![^\\n])' : '(?=\\n?(?![\\s\\S]))';
      case 'bos':
        return '(?<![\\s\\S])';
      case 'eos':
        return '(?![\\s\\S])';
      case 'word':
        return '\\b';
      case 'nonword':
        // Python 3.11's \B never matches in an empty subject.
        return '\\B(?!^$)';
    }
  }

  private repeat(node: Extract<RegexNode, { t: 'repeat' }>): string {
    if (node.body.t === 'look') throw new PythonRegexError(this.pattern, 'a repeated lookaround assertion is not supported');
    // After an iteration that matched nothing, Python stops repeating and JavaScript backtracks
    // into it: the two can end the match at different places.
    if (node.max > node.min && width(node.body)[0] === 0) {
      throw new PythonRegexError(this.pattern, 'repeating something that can match the empty string (such as (a?)* or (\\s*)+) is not supported: Python and JavaScript repeat it differently');
    }
    const { min, max } = node;
    const quantifier = min === 0 && max === Infinity ? '*' : min === 1 && max === Infinity ? '+' : min === 0 && max === 1 ? '?' : max === Infinity ? `{${min},}` : min === max ? `{${min}}` : `{${min},${max}}`;
    return `(?:${this.emit(node.body)})${quantifier}${node.lazy ? '?' : ''}`;
  }
}

function classItem(item: ClassItem): string {
  if ('lo' in item) return item.lo === item.hi ? hex(item.lo) : `${hex(item.lo)}-${hex(item.hi)}`;
  return item.category === 's' ? SPACE : item.category === 'S' ? NOT_SPACE_IN_CLASS : `\\${item.category}`;
}

interface GroupPlace {
  /** Ancestors from the root down (the group itself excluded). */
  path: RegexNode[];
}

/**
 * Finds where Python and JavaScript would disagree about groups: a backreference to a group that
 * may not have taken part (Python then fails the match, JavaScript matches it empty), a group in a
 * lookbehind that is not of fixed width (Python refuses), and groups inside a repetition whose
 * value the two would report differently: those are returned.
 */
function analyseGroups(parsed: ParsedRegex, pattern: string): Set<number> {
  const groups = new Map<number, GroupPlace>();
  const backrefs: { index: number; path: RegexNode[] }[] = [];
  const walk = (node: RegexNode, path: RegexNode[]) => {
    const below = [...path, node];
    switch (node.t) {
      case 'group':
        if (node.index !== undefined) groups.set(node.index, { path });
        walk(node.body, below);
        break;
      case 'look': {
        if (node.behind) {
          if (containsBackref(node.body)) throw new PythonRegexError(pattern, 'a backreference inside a lookbehind is not supported');
          const [lo, hi] = width(node.body);
          if (lo !== hi) throw new PythonRegexError(pattern, 'look-behind requires fixed-width pattern');
        }
        walk(node.body, below);
        break;
      }
      case 'repeat':
        walk(node.body, below);
        break;
      case 'sequence':
        node.items.forEach((item) => walk(item, below));
        break;
      case 'alternation':
        node.branches.forEach((branch) => walk(branch, below));
        break;
      case 'backref':
        backrefs.push({ index: node.index, path });
        break;
      default:
        break;
    }
  };
  walk(parsed.root, []);
  // JavaScript forgets a group that a later iteration skipped; Python keeps its earlier value.
  const unstable = new Set<number>();
  for (const [index, group] of groups) {
    const differs = group.path.some((node, at) => node.t === 'repeat' && node.max > 1 && group.path.slice(at + 1).some(mayBeSkipped));
    if (differs) unstable.add(index);
  }
  for (const ref of backrefs) {
    const group = groups.get(ref.index)!;
    let shared = 0;
    while (shared < group.path.length && shared < ref.path.length && group.path[shared] === ref.path[shared]) shared++;
    // The group is surely set when the reference is reached only if they meet in a sequence and
    // nothing between that sequence and the group can skip it.
    const meeting = group.path[shared - 1];
    if (meeting?.t !== 'sequence' || group.path.slice(shared).some(mayBeSkipped) || unstable.has(ref.index)) {
      throw new PythonRegexError(pattern, `a backreference to group ${ref.index}, which may not take part in the match, is not supported (Python fails such a match, JavaScript would match it empty)`);
    }
  }
  return unstable;
}

function containsBackref(node: RegexNode): boolean {
  if (node.t === 'backref') return true;
  if (node.t === 'group' || node.t === 'look' || node.t === 'repeat') return containsBackref(node.body);
  if (node.t === 'sequence') return node.items.some(containsBackref);
  if (node.t === 'alternation') return node.branches.some(containsBackref);
  return false;
}

function mayBeSkipped(node: RegexNode): boolean {
  return node.t === 'alternation' || (node.t === 'repeat' && node.min === 0) || (node.t === 'look' && node.negated);
}

/** [shortest, longest] match length, as Python's getwidth counts it (a backreference: unknown). */
function width(node: RegexNode): [number, number] {
  switch (node.t) {
    case 'literal':
    case 'any':
    case 'category':
    case 'class':
      return [1, 1];
    case 'anchor':
    case 'look':
      return [0, 0];
    case 'backref':
      return [0, Infinity];
    case 'group':
      return width(node.body);
    case 'repeat': {
      const [lo, hi] = width(node.body);
      return [lo * node.min, hi === 0 ? 0 : hi * node.max];
    }
    case 'sequence':
      return node.items.map(width).reduce(([a, b], [c, d]) => [a + c, b + d], [0, 0]);
    case 'alternation': {
      const widths = node.branches.map(width);
      return [Math.min(...widths.map((w) => w[0])), Math.max(...widths.map((w) => w[1]))];
    }
  }
}
