// Jinja in inventory values, in the forms inventories use: `{{ name }}`, `{{ a.b }}`, `{{ a['b'] }}`,
// `{{ a[0] }}`, the filters default(...), lower, upper, trim, string, int, and text around them.
// Types come out as ansible-core 2.14's templar gives them: `{{ name }}` alone is the var's own
// value when that is not a string; anything else becomes text (Python's str() of each part), and
// text that reads as a list, a dict, True or False is turned back into one (literal_eval).
// The rest (statements, lookups, other filters, an undefined name) is refused with the var and
// where it was written: corectl never hands braces on as if they were the value.
import { CorectlError } from '../errors/corectl-error.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import { InventoryError, type SourceLocation } from './inventory-error.ts';
import { literalEval } from './python-literal.ts';

export class TemplateError extends CorectlError {
  override readonly name = 'TemplateError';
  override readonly exitCode = ExitCode.usage;
}

export function hasTemplate(value: unknown): boolean {
  if (typeof value === 'string') return /\{\{|\{%|\{#/.test(value);
  if (Array.isArray(value)) return value.some(hasTemplate);
  if (value && typeof value === 'object') return Object.values(value).some(hasTemplate);
  return false;
}

/**
 * Every var of a host with its templates rendered; `origins` say where each was written. Vars in
 * `literal` (from corectl's own format, which has no templates) are taken as written.
 */
export function renderVars(vars: Record<string, unknown>, hostName: string, origins: Record<string, SourceLocation>, literal: ReadonlySet<string> = new Set()): Record<string, unknown> {
  const renderer = new Renderer(vars, hostName, literal);
  const rendered: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(vars)) {
    try {
      rendered[name] = renderer.variable(name);
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      const at = origins[name] ?? { file: '<inventory>', line: 0, column: 0 };
      throw new InventoryError(at, name, `${JSON.stringify(value)}: ${error.message}`);
    }
  }
  return rendered;
}

/** One value rendered against a host's vars (for connection fields, rendered on their own). */
export function renderValue(value: unknown, vars: Record<string, unknown>, hostName: string): unknown {
  return new Renderer(vars, hostName).value(value);
}

class Renderer {
  private readonly done = new Map<string, unknown>();
  private readonly rendering: string[] = [];

  constructor(
    private readonly vars: Record<string, unknown>,
    private readonly hostName: string,
    private readonly literal: ReadonlySet<string> = new Set(),
  ) {}

  variable(name: string): unknown {
    if (this.literal.has(name)) return this.vars[name];
    if (this.done.has(name)) return this.done.get(name);
    if (this.rendering.includes(name)) throw new TemplateError(`refers to itself: ${[...this.rendering, name].join(' -> ')}`);
    if (!(name in this.vars)) {
      if (name === 'inventory_hostname') return this.hostName;
      if (name === 'inventory_hostname_short') return this.hostName.split('.')[0];
      return UNDEFINED;
    }
    this.rendering.push(name);
    try {
      const value = this.value(this.vars[name]);
      this.done.set(name, value);
      return value;
    } finally {
      this.rendering.pop();
    }
  }

  value(value: unknown): unknown {
    if (typeof value === 'string') return hasTemplate(value) ? this.string(value) : value;
    if (Array.isArray(value)) return value.map((item) => this.value(item));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.value(v)]));
    return value;
  }

  private string(text: string): unknown {
    if (/\{%|\{#/.test(text)) throw new TemplateError('Jinja statements and comments ({% %}, {# #}) are not rendered by corectl; write the value itself');
    const single = /^\{\{\s*(\w*)\s*\}\}$/.exec(text);
    if (single) {
      const value = this.variable(single[1]!);
      if (value !== UNDEFINED && typeof value !== 'string') return value;
    }
    const parts: unknown[] = [];
    let rest = text;
    for (let open = rest.indexOf('{{'); open >= 0; open = rest.indexOf('{{')) {
      const close = rest.indexOf('}}', open);
      if (close < 0) throw new TemplateError('a {{ without its }}');
      if (open > 0) parts.push(rest.slice(0, open));
      parts.push(this.expression(rest.slice(open + 2, close)));
      rest = rest.slice(close + 2);
    }
    if (rest) parts.push(rest);
    if (parts.length === 1 && parts[0] instanceof NativeText) return parts[0].text;
    const out = parts.map((part) => pythonStr(part)).join('');
    if (/^[[{]/.test(out) || out === 'True' || out === 'False') {
      const literal = literalEval(out);
      if (literal.literal) return literal.value;
    }
    return out;
  }

  private expression(source: string): unknown {
    const parser = new ExpressionParser(source, (name) => this.variable(name));
    const value = parser.parse();
    if (value === UNDEFINED) throw new TemplateError(`"${source.trim()}" is undefined for this host`);
    return value;
  }
}

const UNDEFINED = Symbol('undefined');

/** The `string` filter's result: text that is not turned back into a list or a boolean. */
class NativeText {
  constructor(readonly text: string) {}
}

/** Python's str(): what a value looks like inside rendered text. */
function pythonStr(value: unknown): string {
  if (value instanceof NativeText) return value.text;
  return typeof value === 'string' ? value : pythonRepr(value);
}

function pythonRepr(value: unknown): string {
  if (typeof value === 'string') return value.includes("'") && !value.includes('"') ? `"${value.replaceAll('\\', '\\\\')}"` : `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value === null) return 'None';
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (typeof value === 'object') return `{${Object.entries(value as object).map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`).join(', ')}}`;
  throw new TemplateError(`cannot render ${String(value)}`);
}

function stringOf(value: unknown): string {
  return pythonStr(value);
}

/** expression := primary ('|' filter)*; primary := name ('.' name | '[' literal ']')* | literal. */
class ExpressionParser {
  private position = 0;

  constructor(
    private readonly source: string,
    private readonly lookup: (name: string) => unknown,
  ) {}

  parse(): unknown {
    const value = this.expression();
    this.space();
    if (this.position < this.source.length) throw new TemplateError(`"${this.source.trim()}" is beyond what corectl renders (names, a.b, a['b'], a[0], default(), lower, upper, trim, string, int)`);
    return value;
  }

  private expression(): unknown {
    let value = this.primary();
    while (this.take('|')) value = this.filter(value);
    return value;
  }

  private primary(): unknown {
    this.space();
    const literal = this.literal();
    if (literal !== NONE) return literal;
    const name = this.name();
    let value = this.lookup(name);
    for (;;) {
      if (this.take('.')) value = member(value, this.name());
      else if (this.take('[')) {
        const key = this.literal();
        if (key === NONE || !this.take(']')) this.fail();
        value = member(value, key);
      } else return value;
    }
  }

  private filter(value: unknown): unknown {
    const name = this.name();
    if (name === 'default' || name === 'd') {
      if (!this.take('(')) this.fail();
      const fallback = this.expression();
      const alsoFalsy = this.take(',') ? this.literal() === true : false;
      if (!this.take(')')) this.fail();
      return value === UNDEFINED || (alsoFalsy && !value) ? fallback : value;
    }
    if (value === UNDEFINED) return value;
    switch (name) {
      case 'lower': return stringOf(value).toLowerCase();
      case 'upper': return stringOf(value).toUpperCase();
      case 'trim': return stringOf(value).trim();
      case 'string': return new NativeText(stringOf(value));
      case 'int': {
        const number = Number.parseInt(stringOf(value), 10);
        return Number.isNaN(number) ? 0 : number;
      }
      default: throw new TemplateError(`the filter "${name}" is not rendered by corectl (default, lower, upper, trim, string and int are)`);
    }
  }

  private literal(): unknown {
    this.space();
    const rest = this.source.slice(this.position);
    const match = /^(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(-?\d+)(?![\w.])|(true|True|false|False)\b)/.exec(rest);
    if (!match) return NONE;
    this.position += match[0].length;
    if (match[3] !== undefined) return Number(match[3]);
    if (match[4] !== undefined) return match[4].toLowerCase() === 'true';
    return (match[1] ?? match[2])!.replace(/\\(.)/g, '$1');
  }

  private name(): string {
    this.space();
    const match = /^[A-Za-z_]\w*/.exec(this.source.slice(this.position));
    if (!match) this.fail();
    this.position += match![0].length;
    return match![0];
  }

  private take(token: string): boolean {
    this.space();
    if (!this.source.startsWith(token, this.position)) return false;
    this.position += token.length;
    return true;
  }

  private space(): void {
    while (/\s/.test(this.source[this.position] ?? '')) this.position++;
  }

  private fail(): never {
    throw new TemplateError(`"${this.source.trim()}" is beyond what corectl renders (names, a.b, a['b'], a[0], default(), lower, upper, trim, string, int)`);
  }
}

const NONE = Symbol('none');

function member(value: unknown, key: unknown): unknown {
  if (value === UNDEFINED || value === null || typeof value !== 'object') return UNDEFINED;
  const entry = (value as Record<string, unknown>)[String(key)];
  return entry === undefined ? UNDEFINED : entry;
}
