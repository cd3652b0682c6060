// The module reference (docs/modules/NAME.md), made from the modules themselves: each option's
// type and documentation as the type checker sees them (the JSDoc on the zod schema's fields, the
// same text an editor shows), its default from the zod schema, Ansible's names from the module's
// options, and what the module supports from its definition. `npm run docs` writes it; a unit
// test fails when a file differs from what this makes, so the reference cannot drift.
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { z } from 'zod';
import * as builtIns from '../modules/index.ts';
import type { ModuleCall, ModuleDefinition } from '../src/module-api/index.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ANSIBLE_NAME = /^`(.+)` is Ansible's name; corectl calls it (.+)$/;

interface OptionDoc {
  name: string;
  type: string;
  required: boolean;
  defaultValue?: unknown;
  text: string;
  examples: string[];
}

interface ModuleDoc {
  /** How a playbook calls it: `file`, `podman.container`. */
  call: string;
  definition: ModuleDefinition;
  summary: string;
  examples: string[];
  options: OptionDoc[];
  ansibleNames: [string, string][];
  /** The result data's fields (the module's resultData), as `ctx.result(handle)?.data` types them. */
  resultData: { name: string; type: string; text: string }[];
}

type ModuleFunction = (options?: unknown) => ModuleCall;

/** Every built-in module, as playbooks call them, by name (a module namespace's key order is the loader's). */
function builtInModules(): { call: string; fn: ModuleFunction; path: string[] }[] {
  const found: { call: string; fn: ModuleFunction; path: string[] }[] = [];
  for (const [name, value] of Object.entries(builtIns)) {
    if (typeof value === 'function') found.push({ call: name, fn: value as ModuleFunction, path: [name] });
    else for (const [member, fn] of Object.entries(value as Record<string, ModuleFunction>)) found.push({ call: `${name}.${member}`, fn, path: [name, member] });
  }
  return found.sort((a, b) => a.call.localeCompare(b.call, 'en'));
}

function program(): { checker: ts.TypeChecker; exports: ts.Symbol[] } {
  const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const index = join(ROOT, 'modules/index.ts');
  const built = ts.createProgram({ rootNames: [index], options: { ...options, noEmit: true } });
  const checker = built.getTypeChecker();
  const source = built.getSourceFile(index)!;
  return { checker, exports: checker.getExportsOfModule(checker.getSymbolAtLocation(source)!) };
}

/** The declaration a name stands for, through re-exports and `{ image, container }` shorthand. */
function resolve(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol {
  let current = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  const declaration = current.valueDeclaration;
  if (declaration && ts.isShorthandPropertyAssignment(declaration)) current = resolve(checker, checker.getShorthandAssignmentValueSymbol(declaration)!);
  return current;
}

function docText(checker: ts.TypeChecker, symbol: ts.Symbol): { text: string; examples: string[] } {
  const text = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  const examples = symbol.getJsDocTags(checker).filter((tag) => tag.name === 'example').map((tag) => ts.displayPartsToString(tag.text).trim());
  return { text, examples };
}

/** A module file's header comment: what the module is for, in its author's words. */
function headerComment(symbol: ts.Symbol): string {
  const file = symbol.valueDeclaration?.getSourceFile();
  if (!file) return '';
  const lines: string[] = [];
  for (const line of file.text.split('\n')) {
    if (!line.startsWith('//')) break;
    lines.push(line.replace(/^\/\/ ?/, ''));
  }
  return lines.join(' ').replace(/\s+/g, ' ').trim();
}

/** The options' input type (or, at 1, the result data's): a type argument of the ModuleCall the function returns. */
function optionsType(checker: ts.TypeChecker, symbol: ts.Symbol, argument = 0): ts.Type {
  const type = checker.getTypeOfSymbol(symbol);
  const signature = type.getCallSignatures()[0]!;
  const returned = checker.getReturnTypeOfSignature(signature) as ts.TypeReference;
  return checker.getTypeArguments(returned)[argument]!;
}

function defaultsOf(schema: z.ZodType): Record<string, unknown> {
  try {
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, { default?: unknown }> };
    return Object.fromEntries(Object.entries(json.properties ?? {}).filter(([, p]) => p.default !== undefined).map(([name, p]) => [name, p.default]));
  } catch {
    return {};
  }
}

function describeModules(): ModuleDoc[] {
  const { checker, exports } = program();
  const byName = new Map(exports.map((symbol) => [symbol.name, resolve(checker, symbol)]));
  return builtInModules().map(({ call, fn, path }) => {
    let symbol = byName.get(path[0]!)!;
    if (path.length > 1) symbol = resolve(checker, checker.getTypeOfSymbol(symbol).getProperty(path[1]!)!);
    const definition = fn({}).definition;
    const defaults = defaultsOf(definition.schema);
    const options: OptionDoc[] = [];
    const ansibleNames: [string, string][] = [];
    const input = optionsType(checker, symbol);
    for (const property of checker.getPropertiesOfType(input)) {
      const propertyType = checker.getTypeOfSymbol(property);
      const typeText = checker.typeToString(checker.getNonNullableType(propertyType), undefined, ts.TypeFormatFlags.NoTruncation);
      const hint = ANSIBLE_NAME.exec(typeText.replace(/^"|"$/g, ''));
      if (hint) {
        ansibleNames.push([hint[1]!, hint[2]!]);
        continue;
      }
      const { text, examples } = docText(checker, property);
      options.push({
        name: property.name,
        type: typeText,
        required: !(property.flags & ts.SymbolFlags.Optional),
        ...(property.name in defaults && { defaultValue: defaults[property.name] }),
        text,
        examples,
      });
    }
    const resultData = definition.resultData ? checker.getPropertiesOfType(optionsType(checker, symbol, 1)).map((property) => ({
      name: property.name,
      type: checker.typeToString(checker.getNonNullableType(checker.getTypeOfSymbol(property)), undefined, ts.TypeFormatFlags.NoTruncation),
      text: docText(checker, property).text,
    })) : [];
    const { text, examples } = docText(checker, symbol);
    return { call, definition, summary: [headerComment(symbol), text].filter(Boolean).join('\n\n'), examples, options, ansibleNames, resultData };
  });
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n+/g, ' ');

function moduleMarkdown(doc: ModuleDoc): string {
  const { definition } = doc;
  const lines = [`# ${doc.call}`, '', '<!-- Made by `npm run docs` from the module\'s source: edit the module, not this file. -->', '', doc.summary, ''];
  lines.push(`- **Ansible's module:** ${definition.ansible ? `\`${definition.ansible}\`` : 'none (corectl\'s own)'}`);
  lines.push('- **Check mode:** yes: the same inspection decides in both modes, and nothing is changed');
  lines.push(`- **First boot (\`corectl ignition\`):** ${definition.ignition ? 'yes, where the options can be said in Ignition (otherwise the task is left to the first run, with the reason)' : 'no: left to the first run'}`);
  lines.push(`- **Controller step:** ${definition.local ? 'only: the controller decides; the host is not contacted' : definition.controller ? 'yes: the controller decides between two host steps (the second runs only when something differs)' : 'no: one round trip'}`);
  if (definition.sensitive) lines.push('- **Sensitive:** options that carry secrets make the task sensitive: no diff and no output of it is shown');
  if (definition.readOnly === true) lines.push('- **Read-only:** it only reads the host, so it runs in check mode as in a run and its result is real there');
  else if (definition.readOnly) lines.push('- **Read-only:** depending on its options (see above): then it runs in check mode as in a run and its result is real there');
  if (doc.examples.length > 0) lines.push('', '```ts', ...doc.examples, '```');
  lines.push('', '## Options', '', '| option | type | default | what it is |', '| --- | --- | --- | --- |');
  for (const option of doc.options) {
    const fallback = option.defaultValue !== undefined ? `\`${JSON.stringify(option.defaultValue)}\`` : option.required ? '(required)' : '';
    const example = option.examples.length > 0 ? ` Example: \`${option.examples.join('`, `')}\`` : '';
    lines.push(`| \`${option.name}\` | \`${cell(option.type)}\` | ${fallback} | ${cell(option.text)}${cell(example)} |`);
  }
  if (doc.resultData.length > 0) {
    lines.push('', '## Result data', '', 'What a later task reads as `ctx.result(handle)?.data`, typed:', '', '| field | type | what it is |', '| --- | --- | --- |');
    for (const field of doc.resultData) lines.push(`| \`${field.name}\` | \`${cell(field.type)}\` | ${cell(field.text)} |`);
  }
  if (doc.ansibleNames.length > 0) {
    lines.push('', "## Ansible's names", '', "An option written with Ansible's name is refused, before any host is touched, with this answer:", '', '| Ansible | corectl |', '| --- | --- |');
    for (const [ansible, ours] of doc.ansibleNames) lines.push(`| \`${ansible}\` | ${cell(ours)} |`);
  }
  return `${lines.join('\n')}\n`;
}

function indexMarkdown(docs: ModuleDoc[]): string {
  const lines = [
    '# Module reference',
    '',
    '<!-- Made by `npm run docs`: edit the modules, not this file. -->',
    '',
    'Every built-in module (`import { ... } from \'corectl/modules\'`), with Ansible\'s counterpart. Each page lists the',
    "module's options with their types and defaults, Ansible's option names, and what the module supports.",
    '',
    '| module | Ansible\'s | what it manages |',
    '| --- | --- | --- |',
  ];
  for (const doc of docs) {
    const what = doc.summary.split('\n')[0]!.replace(/^[\w.]+( and \w+)?: /, '').split(/(?<=\.)\s/)[0]!;
    lines.push(`| [\`${doc.call}\`](${doc.call}.md) | ${doc.definition.ansible ? `\`${cell(doc.definition.ansible)}\`` : '—'} | ${cell(what)} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** Every file of docs/modules/, by path from the repository's root, with its text. */
export function moduleReference(): Map<string, string> {
  const docs = describeModules();
  const files = new Map<string, string>([[relative(ROOT, join(ROOT, 'docs/modules/README.md')), indexMarkdown(docs)]]);
  for (const doc of docs) files.set(`docs/modules/${doc.call}.md`, moduleMarkdown(doc));
  return files;
}

/** The text of a file of the reference as it is on disk (undefined when missing). */
export function currentText(path: string): string | undefined {
  try {
    return readFileSync(join(ROOT, path), 'utf8');
  } catch {
    return undefined;
  }
}
