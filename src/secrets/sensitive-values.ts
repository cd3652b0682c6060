// The values a run must never show: everything loaded from a secrets file and whatever a playbook
// marks with `sensitive()`. Every event, report and error message passes through `redactText` or
// `redactDeep` before anyone sees it, and a task whose options hold one of these values is treated
// as a sensitive task (its output, diff and messages are hidden as a whole).

export const REDACTED = '********';

interface Registry {
  /** Strings masked wherever they appear. */
  values: Set<string>;
  /** Every sensitive string, whatever its length, for recognising tasks that use one. */
  exact: Set<string>;
  pattern?: RegExp;
}

// One run is one process, so the registry is the process's: a playbook registers values while it
// loads, the executor and reporters consult them later. It hangs off globalThis because a playbook
// loaded outside bin/corectl.js's shared loader (tsImport, as in tests) gets its own copy of this
// file; a module-level Set would then leave the engine's copy empty.
const REGISTRY = Symbol.for('corectl.sensitive-values');
const registry: Registry = ((globalThis as Record<symbol, Registry | undefined>)[REGISTRY] ??= { values: new Set(), exact: new Set() });
const { values, exact } = registry;
/** Strings of at least this length are masked wherever they appear. */
const MIN_MASKED_LENGTH = 4;

/**
 * Marks a value as secret and returns it unchanged, so it can wrap an expression in place:
 * `content: sensitive(process.env.TOKEN!)`. Every string inside an object or array is marked.
 */
export function sensitive<T>(value: T): T {
  for (const text of stringLeaves(value)) {
    // Shorter strings would mask ordinary words and digits everywhere; a task using one is still
    // hidden as a whole because its options are checked with `holdsSensitive`.
    if (text.length >= MIN_MASKED_LENGTH) {
      values.add(text);
      // Windows line endings or a trailing newline must not let most of a multi-line secret through.
      for (const line of text.split(/\r?\n/)) if (line.length >= MIN_MASKED_LENGTH) values.add(line);
    }
    exact.add(text);
  }
  registry.pattern = undefined;
  return value;
}

/** True when a value (options of a task, say) holds a sensitive string, whole or inside a longer one. */
export function holdsSensitive(value: unknown): boolean {
  if (exact.size === 0) return false;
  for (const text of stringLeaves(value)) {
    if (exact.has(text)) return true;
    for (const secret of values) if (text.includes(secret)) return true;
  }
  return false;
}

/** The text with every sensitive value replaced by ********. */
export function redactText(text: string): string {
  if (values.size === 0 || text.length < MIN_MASKED_LENGTH) return text;
  registry.pattern ??= new RegExp([...values].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g');
  return text.replace(registry.pattern, REDACTED);
}

/** A copy of a value (an event, a report) with every string redacted; other values kept as they are. */
export function redactDeep<T>(value: T): T {
  if (values.size === 0) return value;
  return mapStrings(value, redactText) as T;
}

/** Forgets every registered value (tests only: a run is one process). */
export function clearSensitiveValues(): void {
  values.clear();
  exact.clear();
  registry.pattern = undefined;
}

function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (value instanceof Error) {
    const copy = new Error(map(value.message));
    copy.name = value.name;
    return copy;
  }
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, map)]));
  return value;
}

function* stringLeaves(value: unknown, seen = new Set<unknown>()): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (typeof value === 'number' || typeof value === 'bigint') yield String(value);
  else if (Buffer.isBuffer(value)) yield value.toString('utf8');
  else if (value && typeof value === 'object' && !seen.has(value)) {
    seen.add(value);
    for (const item of Array.isArray(value) ? value : Object.values(value)) yield* stringLeaves(item, seen);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
