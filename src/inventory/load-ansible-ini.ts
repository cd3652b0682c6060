// Ansible's INI inventory (hosts.ini), as people write it: hosts before any section are
// `ungrouped`; `[group]` lists hosts with inline key=value variables; `[group:vars]` and
// `[group:children]`; host ranges like web[01:10]; `host:port`. As Ansible documents, inline host
// values are read as literals (numbers, booleans, quoted strings) and `:vars` values as strings.
import { connectionFromAnsibleVars } from './connection-fields.ts';
import { expandHostRange, HostRangeError } from './host-range.ts';
import { InventoryError, type SourceLocation } from './inventory-error.ts';
import type { InventoryBuilder, VarLayer } from './inventory-model.ts';

interface Token {
  text: string;
  column: number;
}

type Section = { group: string; kind: 'hosts' | 'vars' | 'children' };

export function loadAnsibleIniInventory(file: string, text: string, builder: InventoryBuilder): void {
  let section: Section = { group: 'ungrouped', kind: 'hosts' };
  text.split(/\r?\n/).forEach((line, index) => {
    const at = (column = 1): SourceLocation => ({ file, line: index + 1, column });
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) return;
    const header = /^\[([^\]:]+)(?::([^\]]+))?\]\s*(?:[#;].*)?$/.exec(trimmed);
    if (header) {
      const kind = header[2] ?? 'hosts';
      if (kind !== 'hosts' && kind !== 'vars' && kind !== 'children') {
        throw new InventoryError(at(), `[${header[1]}:${kind}]`, `unknown section type "${kind}" (use :vars or :children)`);
      }
      section = { group: header[1]!, kind };
      builder.group(section.group, at());
      return;
    }
    if (trimmed.startsWith('[')) throw new InventoryError(at(), undefined, `malformed section header ${trimmed}`);
    const tokens = tokenize(line, at);
    if (section.kind === 'children') {
      builder.addChild(section.group, tokens[0]!.text, at(tokens[0]!.column));
    } else if (section.kind === 'vars') {
      const [key, value] = splitAssignment(trimmed, at);
      const layer = layerFrom({ [key]: unquote(value) }, at(), `[${section.group}:vars]`);
      builder.group(section.group).layers.push(layer);
    } else {
      addHostLine(builder, section.group, tokens, at);
    }
  });
}

function addHostLine(builder: InventoryBuilder, group: string, tokens: Token[], at: (column?: number) => SourceLocation): void {
  const [hostToken, ...assignments] = tokens;
  const vars: Record<string, unknown> = {};
  for (const token of assignments) {
    const [key, value] = splitAssignment(token.text, () => at(token.column));
    vars[key] = parseLiteral(value);
  }
  let pattern = hostToken!.text;
  // host:port, but not an IPv6 address (more than one colon outside range brackets).
  const withPort = /^(.+):(\d+)$/.exec(pattern);
  const colons = pattern.replace(/\[[^\]]*\]/g, '').split(':').length - 1;
  if (withPort && colons === 1) {
    pattern = withPort[1]!;
    vars.ansible_port ??= Number(withPort[2]);
  }
  let names: string[];
  try {
    names = expandHostRange(pattern);
  } catch (error) {
    if (error instanceof HostRangeError) throw new InventoryError(at(hostToken!.column), pattern, error.message);
    throw error;
  }
  for (const name of names) {
    const host = builder.host(name, at(hostToken!.column));
    if (Object.keys(vars).length > 0) host.layers.push(layerFrom(vars, at(hostToken!.column), name));
    builder.addHostToGroup(group, name);
  }
}

function layerFrom(vars: Record<string, unknown>, at: SourceLocation, field: string): VarLayer {
  const { fields, errors } = connectionFromAnsibleVars(vars);
  if (errors[0]) throw new InventoryError(at, field, errors[0]);
  return { vars, connection: fields, source: at };
}

function splitAssignment(text: string, at: () => SourceLocation): [string, string] {
  const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(text);
  if (!match) throw new InventoryError(at(), undefined, `expected key=value, got "${text.trim()}"`);
  return [match[1]!, match[2]!];
}

/** Splits a host line into words, honouring quotes; `#` at a word start begins a comment. */
function tokenize(line: string, at: (column?: number) => SourceLocation): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i]!)) i++;
    if (i >= line.length || line[i] === '#') break;
    const column = i + 1;
    let text = '';
    while (i < line.length && !/\s/.test(line[i]!)) {
      const quote = line[i];
      if (quote === '"' || quote === "'") {
        const end = line.indexOf(quote, i + 1);
        if (end < 0) throw new InventoryError(at(i + 1), undefined, 'unterminated quote');
        text += line.slice(i, end + 1);
        i = end + 1;
      } else text += line[i++];
    }
    tokens.push({ text, column });
  }
  return tokens;
}

function unquote(value: string): string {
  const q = value[0];
  return value.length >= 2 && (q === '"' || q === "'") && value.endsWith(q) ? value.slice(1, -1) : value;
}

/** Python-literal reading of inline host values, as Ansible's INI plugin does. */
export function parseLiteral(value: string): unknown {
  if (/^[-+]?\d+$/.test(value)) return Number(value);
  if (/^[-+]?(\d+\.\d*|\.\d+)([eE][-+]?\d+)?$/.test(value)) return Number(value);
  if (value === 'True' || value === 'False') return value === 'True';
  if (value === 'None') return null;
  const q = value[0];
  if (value.length >= 2 && (q === '"' || q === "'") && value.endsWith(q)) return value.slice(1, -1);
  if (value.startsWith('[') || value.startsWith('{')) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}
