// Python's replacement templates (match.expand, as lineinfile's `backrefs` uses them): \1, \g<1>,
// \g<name>, octal and the usual escapes; a bad escape or a reference to a group the pattern does
// not have is an error, found before any host is touched instead of when Python would hit it.
import { PythonRegexError, type PythonRegex } from './python-regex.ts';

export type TemplatePart = string | { group: number };

const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isOctal = (c: string | undefined) => c !== undefined && c >= '0' && c <= '7';

/**
 * Parses a template held as latin1 bytes. Groups whose value JavaScript and Python would tell
 * apart after a repetition (see PythonRegex.unstableGroups) are refused.
 */
export function parseTemplate(template: string, regex: PythonRegex): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = '';
  const refusal = (reason: string) => new PythonRegexError(regex.pattern, `in the replacement ${JSON.stringify(Buffer.from(template, 'latin1').toString('utf8'))}: ${reason}`);
  const group = (index: number) => {
    if (index > regex.groups) throw refusal(`invalid group reference ${index}`);
    if (regex.unstableGroups.has(index)) throw refusal(`group ${index} is inside a repetition that may skip it; its value after the match differs between Python and JavaScript`);
    if (text) parts.push(text);
    text = '';
    parts.push({ group: index });
  };
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c !== '\\') {
      text += c;
      continue;
    }
    const next = template[++i];
    if (next === undefined) throw refusal('bad escape (end of pattern)');
    if (next === 'g') {
      const m = /^<([^>]*)>/.exec(template.slice(i + 1));
      if (!m) throw refusal(template[i + 1] === '<' ? 'missing >, unterminated name' : 'missing <');
      const name = m[1]!;
      i += m[0].length;
      if (/^\d+$/.test(name)) group(Number(name));
      else if (regex.names.has(name)) group(regex.names.get(name)!);
      else throw refusal(/^[A-Za-z_]\w*$/.test(name) ? `unknown group name '${name}'` : `bad character in group name '${name}'`);
    } else if (next === '0') {
      let digits = '0';
      while (digits.length < 3 && isOctal(template[i + 1])) digits += template[++i];
      text += String.fromCharCode(parseInt(digits, 8));
    } else if (isDigit(next)) {
      if (isOctal(next) && isOctal(template[i + 1]) && isOctal(template[i + 2])) {
        const value = parseInt(template.slice(i, i + 3), 8);
        if (value > 0o377) throw refusal(`octal escape value \\${template.slice(i, i + 3)} outside of range 0-0o377`);
        text += String.fromCharCode(value);
        i += 2;
      } else if (isDigit(template[i + 1])) {
        group(Number(next + template[++i]));
      } else group(Number(next));
    } else if (ESCAPES[next] !== undefined) {
      text += ESCAPES[next];
    } else if (/^[A-Za-z]$/.test(next)) {
      throw refusal(`bad escape \\${next}`);
    } else text += `\\${next}`;
  }
  if (text) parts.push(text);
  return parts;
}

/** The template with the match's groups put in (a group that did not take part is empty). */
export function expandTemplate(parts: TemplatePart[], match: RegExpExecArray): string {
  return parts.map((part) => (typeof part === 'string' ? part : (match[part.group] ?? ''))).join('');
}
