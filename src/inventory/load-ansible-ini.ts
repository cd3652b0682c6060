// Ansible's INI inventory (hosts.ini), as people write it: hosts before any section are
// `ungrouped`; `[group]` lists hosts with inline key=value variables; `[group:vars]` and
// `[group:children]`; host ranges like web[01:10]; `host:port`. Values are read as ansible-core
// reads them (not as its documentation says): every value, on host lines and in `:vars`, is a
// Python literal when it spells one (`22`, `True`, `[1, 'a']`, `0x1F`) and a string otherwise;
// host lines are cut into words by Python's shlex, so quotes go first (`port='22'` is the number
// 22) and `#` starts a comment even inside a word.
import { connectionFromAnsibleVars } from './connection-fields.ts';
import { expandHostRange, HostRangeError } from './host-range.ts';
import { InventoryError, type SourceLocation } from './inventory-error.ts';
import type { InventoryBuilder, VarLayer } from './inventory-model.ts';
import { iniValue, UnsupportedLiteralError } from './python-literal.ts';
import { ShlexError, shlexSplit } from './python-shlex.ts';

interface Token {
  text: string;
  column: number;
}

type Section = { group: string; kind: 'hosts' | 'vars' | 'children' };

export function loadAnsibleIniInventory(file: string, text: string, builder: InventoryBuilder): void {
  let section: Section = { group: 'ungrouped', kind: 'hosts' };
  // As Ansible: a [group:vars] section needs the group declared somewhere in the file.
  const declared = new Set(['all', 'ungrouped']);
  const varsSections = new Map<string, SourceLocation>();
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
      if (kind === 'vars') {
        if (!varsSections.has(section.group)) varsSections.set(section.group, at());
      } else declared.add(section.group);
      return;
    }
    // As Ansible: only a whole line in brackets is a (bad) header; `[2001:db8::11]:22` is a host.
    if (trimmed.startsWith('[') && trimmed.endsWith(']')) throw new InventoryError(at(), undefined, `malformed section header ${trimmed}`);
    if (section.kind === 'children') {
      const tokens = tokenize(line, at);
      builder.addChild(section.group, tokens[0]!.text, at(tokens[0]!.column));
      declared.add(tokens[0]!.text);
    } else if (section.kind === 'vars') {
      const [key, value] = splitAssignment(trimmed, at);
      const layer = layerFrom({ [key]: literalValue(value, at) }, at(), `[${section.group}:vars]`);
      builder.group(section.group).layers.push(layer);
    } else {
      addHostLine(builder, section.group, hostWords(line, at), at);
    }
  });
  for (const [group, at] of varsSections) {
    if (!declared.has(group)) throw new InventoryError(at, `[${group}:vars]`, `section for a group that is not declared in this file (no [${group}] or [${group}:children], and no group lists it as a child); a misspelt group name?`);
  }
}

function addHostLine(builder: InventoryBuilder, group: string, tokens: Token[], at: (column?: number) => SourceLocation): void {
  const [hostToken, ...assignments] = tokens;
  const vars: Record<string, unknown> = {};
  for (const token of assignments) {
    const equals = token.text.indexOf('=');
    if (equals < 0) throw new InventoryError(at(token.column), undefined, `expected key=value host variable assignment, got "${token.text}"`);
    vars[token.text.slice(0, equals)] = literalValue(token.text.slice(equals + 1), () => at(token.column));
  }
  let pattern = hostToken!.text;
  // host:port, but not an IPv6 address (more than one colon outside range brackets); an IPv6
  // address with a port is written [2001:db8::11]:2222.
  const ipv6 = /^\[([0-9a-fA-F:.]*:[0-9a-fA-F:.]*)\](?::(\d+))?$/.exec(pattern);
  const withPort = /^(.+):(\d+)$/.exec(pattern);
  const colons = pattern.replace(/\[[^\]]*\]/g, '').split(':').length - 1;
  if (ipv6) {
    pattern = ipv6[1]!;
    if (ipv6[2]) vars.ansible_port ??= Number(ipv6[2]);
  } else if (withPort && colons === 1) {
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
  return { vars, connection: fields, source: at, fromVars: true };
}

/** `key = value` of a `:vars` section: split at the first `=`, both sides stripped, as Ansible does. */
function splitAssignment(text: string, at: () => SourceLocation): [string, string] {
  const equals = text.indexOf('=');
  if (equals < 0) throw new InventoryError(at(), undefined, `expected key=value, got "${text.trim()}"`);
  return [text.slice(0, equals).trim(), text.slice(equals + 1).trim()];
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

/** A host line cut into words as Ansible cuts it (Python's shlex). */
function hostWords(line: string, at: (column?: number) => SourceLocation): Token[] {
  try {
    return shlexSplit(line);
  } catch (error) {
    if (error instanceof ShlexError) throw new InventoryError(at(), undefined, `cannot read the host line: ${error.message}`);
    throw error;
  }
}

/** A value as Ansible reads it (see python-literal.ts); one it reads but JSON cannot hold is refused. */
function literalValue(text: string, at: () => SourceLocation): unknown {
  try {
    return iniValue(text);
  } catch (error) {
    if (error instanceof UnsupportedLiteralError) throw new InventoryError(at(), undefined, `${text}: Ansible reads this as a Python literal corectl cannot represent (${error.message}); quote it to make it a string`);
    throw error;
  }
}
