// Parses a YAML file keeping positions, and validates it with zod so that every error points at
// the line and column of the offending field, not just its path.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type ParseOptions, type SchemaOptions } from 'yaml';
import type { z } from 'zod';
import type { VaultSecret } from '../secrets/ansible-vault.ts';
import { ansibleYamlOptions } from './ansible-yaml-scalars.ts';
import { InventoryError, type SourceLocation } from './inventory-error.ts';

export interface YamlSource {
  file: string;
  value: unknown;
  /** Where the node at `path` (or the nearest existing parent) starts; its key with `at: 'key'`. */
  locate(path: readonly PropertyKey[], at?: 'key' | 'value'): SourceLocation;
}

/**
 * `ansible`: read scalars as Ansible's YAML 1.1 loader does, `!vault` values opened with the
 * given vault passwords (see ansible-yaml-scalars.ts); `scalars`: another reader's rules.
 */
export function parseYamlSource(file: string, text: string, dialect: 'corectl' | { ansible: readonly VaultSecret[] } | { scalars: ParseOptions & SchemaOptions } = 'corectl'): YamlSource {
  const lineCounter = new LineCounter();
  const options = dialect === 'corectl' ? {} : 'scalars' in dialect ? dialect.scalars : ansibleYamlOptions({ secrets: dialect.ansible, file });
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, ...options });
  const locateOffset = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const first = doc.errors[0];
  if (first) {
    const duplicate = first.code === 'DUPLICATE_KEY';
    const message = first.message.split('\n')[0]!;
    // A `!vault` value that cannot be opened says why in its own words (see ansible-yaml-scalars.ts).
    const text = first.code === 'TAG_RESOLVE_FAILED' ? message.replace(`${file}: `, '') : duplicate ? `duplicate key: ${message}` : `invalid YAML: ${message}`;
    throw new InventoryError(locateOffset(first.pos[0]), undefined, text);
  }
  return {
    file,
    value: doc.toJS({ maxAliasCount: 100 }) as unknown,
    locate: (path, at = 'value') => locateOffset(offsetOf(doc, path, at)),
  };
}

function offsetOf(doc: Document, path: readonly PropertyKey[], at: 'key' | 'value'): number {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
  for (const [index, key] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(key));
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
      if (at === 'key' && index === path.length - 1) break;
      if (isScalar(node) || isMap(node) || isSeq(node)) offset = node.range?.[0] ?? offset;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      offset = (node as Node | undefined)?.range?.[0] ?? offset;
    } else break;
  }
  return offset;
}

/**
 * Validates with zod; the first issue becomes an InventoryError at its field's position.
 * `unknownField` words the refusal of a field the schema does not have.
 */
export function validateYaml<T extends z.ZodType>(
  source: YamlSource, schema: T, value: unknown = source.value, basePath: PropertyKey[] = [],
  unknownField = (allowed: string) => `unknown field (allowed here: ${allowed})`,
): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = [...basePath, ...issue.path];
  if (issue.code === 'unrecognized_keys') path.push(issue.keys[0]!);
  const field = path.map(String).join('.') || undefined;
  const problem = issue.code === 'unrecognized_keys' ? unknownField(allowedKeys(schema, issue.path)) : issue.message;
  throw new InventoryError(source.locate(path, issue.code === 'unrecognized_keys' ? 'key' : 'value'), field, problem);
}

function allowedKeys(schema: z.ZodType, path: readonly PropertyKey[]): string {
  let current = unwrap(schema);
  for (const key of path) current = unwrap(current?.shape?.[String(key)] ?? current?.def?.valueType ?? current?.def?.element);
  return Object.keys(current?.shape ?? {}).join(', ');
}

interface SchemaInternals {
  shape?: Record<string, unknown>;
  def?: { innerType?: unknown; valueType?: unknown; element?: unknown; getter?: () => unknown };
}

/** Looks through optional/nullable/lazy wrappers to the object or record inside. */
function unwrap(schema: unknown): SchemaInternals | undefined {
  let s = schema as SchemaInternals | undefined;
  while (s && !s.shape && (s.def?.innerType || s.def?.getter)) s = (s.def.innerType ?? s.def.getter!()) as SchemaInternals;
  return s;
}
