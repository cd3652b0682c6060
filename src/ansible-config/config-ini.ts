// Reads an ansible.cfg as Python's configparser reads it for ansible-core (ConfigParser with
// inline_comment_prefixes=(';',), strict): `[section]`, `key = value` or `key: value`, keys in
// lower case, whole-line `#`/`;` comments, ` ;` comments after a value, indented continuation
// lines, [DEFAULT] seen from every section; duplicates and key-less lines are errors, as there.
import { CorectlError } from '../errors/corectl-error.ts';
import { ExitCode } from '../errors/exit-codes.ts';

export interface ConfigEntry {
  value: string;
  line: number;
}

export type ConfigSections = Map<string, Map<string, ConfigEntry>>;

export class AnsibleConfigError extends CorectlError {
  override readonly name = 'AnsibleConfigError';
  override readonly exitCode = ExitCode.usage;
  constructor(
    readonly file: string,
    readonly line: number,
    problem: string,
  ) {
    super(`${file}${line > 0 ? `:${line}` : ''}: ${problem}`, { origin: { file, line } });
  }
}

export function parseConfigIni(file: string, text: string): ConfigSections {
  const sections: ConfigSections = new Map();
  let section: Map<string, ConfigEntry> | undefined;
  let current: { entry: ConfigEntry; indent: number; lines: string[] } | undefined;
  const finish = () => {
    if (current) current.entry.value = current.lines.join('\n').trimEnd();
    current = undefined;
  };
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const content = withoutInlineComment(raw);
    if (/^\s*[#;]/.test(raw) || content.trim() === '') {
      // A blank line inside a multi-line value is part of it (empty_lines_in_values).
      if (current && content.trim() === '' && !/^\s*[#;]/.test(raw)) current.lines.push('');
      return;
    }
    const indent = raw.length - raw.trimStart().length;
    if (current && indent > current.indent) {
      current.lines.push(content.trim());
      return;
    }
    finish();
    const header = /^\[(.+)\]/.exec(content.trim());
    if (header) {
      const name = header[1]!;
      if (sections.has(name)) throw new AnsibleConfigError(file, line, `section [${name}] appears twice`);
      section = new Map();
      sections.set(name, section);
      return;
    }
    if (!section) throw new AnsibleConfigError(file, line, 'a setting before any [section] header');
    const option = /^(.*?)\s*([=:])\s*(.*)$/.exec(content.trim());
    if (!option || option[1] === '') throw new AnsibleConfigError(file, line, `expected "key = value", got ${JSON.stringify(raw.trim())}`);
    const key = option[1]!.toLowerCase();
    if (section.has(key)) throw new AnsibleConfigError(file, line, `"${key}" is set twice in this section (also on line ${section.get(key)!.line})`);
    const entry = { value: option[3]!, line };
    section.set(key, entry);
    current = { entry, indent, lines: [option[3]!] };
  });
  finish();
  return sections;
}

/** configparser's inline comments: a `;` at the start or after whitespace ends the line. */
function withoutInlineComment(line: string): string {
  for (let index = line.indexOf(';'); index >= 0; index = line.indexOf(';', index + 1)) {
    if (index === 0 || /\s/.test(line[index - 1]!)) return line.slice(0, index);
  }
  return line;
}

/** A setting's entry, looked up in its section, then in [DEFAULT], as configparser's get does. */
export function configEntry(sections: ConfigSections, section: string, key: string): ConfigEntry | undefined {
  return sections.get(section)?.get(key) ?? (sections.has(section) ? sections.get('DEFAULT')?.get(key) : undefined);
}
