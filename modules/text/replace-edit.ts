// Ansible's replace, on the controller: every match of a Python regex (MULTILINE) in the file, or
// in the part of it between `after` and `before` (found with DOTALL, the first time they match),
// replaced with a Python template, as re.subn does. Subjects are bytes held one per character;
// Ansible matches text, so where the two could differ (non-ASCII text and a pattern construct
// that matches it by character) the edit is refused instead of made differently.
import { compilePythonRegex, expandTemplate, parseTemplate, PythonRegexError, textBytes, type PythonRegex, type TemplatePart } from 'corectl/module';
import { EditRefusedError } from './line-edit.ts';

export interface ReplaceEdit {
  regexp: PythonRegex;
  template: TemplatePart[];
  /** The section pattern Ansible builds from after/before, compiled with DOTALL. */
  section?: { pattern: string; regex: PythonRegex; group: number; parts: PythonRegex[] };
}

export interface ReplaceOutcome {
  content: string;
  count: number;
  message: string;
  changed: boolean;
}

/** Compiles the options as Ansible's replace builds its patterns; throws PythonRegexError. */
export function replaceEdit(o: { regexp: string; replace: string; after?: string; before?: string }): ReplaceEdit {
  const regexp = compilePythonRegex(`(?m)${o.regexp}`);
  // After an empty match Python tries the same place again for a longer one, JavaScript moves on:
  // a pattern that can find an empty match before a longer one at one place (x*?, |a) would
  // replace differently. (Greedy repetitions try the empty match last: \s*$ is fine.)
  if (regexp.width[0] === 0 && regexp.width[1] > 0 && regexp.mayPreferShorter) {
    throw new PythonRegexError(o.regexp, 'a pattern that can match the empty string where a longer match is possible (a lazy repetition or an alternation) is not supported by replace: Python and JavaScript go on differently after an empty match');
  }
  const template = parseTemplate(textBytes(o.replace), regexp);
  if (o.after === undefined && o.before === undefined) return { regexp, template };
  const pattern = o.after !== undefined && o.before !== undefined
    ? `${o.after}(?P<subsection>.*?)${o.before}`
    : o.after !== undefined ? `${o.after}(?P<subsection>.*)` : `(?P<subsection>.*)${o.before!}`;
  const regex = compilePythonRegex(`(?s)${pattern}`);
  const parts = [o.after, o.before].flatMap((p) => (p === undefined ? [] : [compilePythonRegex(p)]));
  return { regexp, template, section: { pattern, regex, group: regex.names.get('subsection')!, parts } };
}

const NON_ASCII = /[\x80-\xff]/;

/** Python's re.subn over latin1-held bytes. */
function substitute(subject: string, regexp: PythonRegex, template: TemplatePart[]): { text: string; count: number } {
  const re = new RegExp(regexp.regex.source, `${regexp.regex.flags}g`);
  let text = '';
  let last = 0;
  let count = 0;
  for (let m = re.exec(subject); m; m = re.exec(subject)) {
    text += subject.slice(last, m.index) + expandTemplate(template, m);
    last = m.index + m[0].length;
    count++;
    if (m[0] === '') re.lastIndex++;
  }
  return { text: text + subject.slice(last), count };
}

export function applyReplace(content: string, edit: ReplaceEdit): ReplaceOutcome {
  let section = content;
  let start = 0;
  let end = content.length;
  const refuse = (what: string) => new EditRefusedError(`the file holds non-ASCII text and the pattern uses ${what}, which Ansible matches by character and corectl by byte: refused rather than replaced differently`);
  if (edit.section) {
    const differs = edit.section.parts.map((p) => p.textDiffers).find((d) => d !== undefined);
    if (differs && NON_ASCII.test(content)) throw refuse(differs);
    const found = new RegExp(edit.section.regex.regex.source, `${edit.section.regex.regex.flags}d`).exec(content);
    if (!found) return { content, count: 0, changed: false, message: `Pattern for before/after params did not match the given file: ${edit.section.pattern}` };
    [start, end] = found.indices![edit.section.group]!;
    section = content.slice(start, end);
  }
  if (NON_ASCII.test(section)) {
    const differs = edit.regexp.textDiffers ?? (edit.regexp.width[0] === 0 ? 'a match of the empty string' : undefined);
    if (differs) throw refuse(differs);
  }
  const { text, count } = substitute(section, edit.regexp, edit.template);
  if (count === 0 || text === section) return { content, count, changed: false, message: '' };
  return { content: content.slice(0, start) + text + content.slice(end), count, changed: true, message: `${count} replacements made` };
}
