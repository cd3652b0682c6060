// What lineInFile does to a file's lines: Ansible's lineinfile, decision for decision, on bytes
// held one per character (latin1). Pure: the module reads the file on the host, calls this on the
// controller, and writes the result back only when it differs.
import { CorectlError, ExitCode, expandTemplate, type PythonRegex, type TemplatePart } from 'corectl/module';

export interface LineEditOptions {
  /** The line (bytes); with `backrefs` a template. */
  line?: string;
  regexp?: PythonRegex;
  searchString?: string;
  insertAfter?: string;
  insertBefore?: string;
  /** insertAfter/insertBefore compiled, when it is a pattern (not BOF/EOF). */
  insertPattern?: PythonRegex;
  backrefs?: TemplatePart[];
  firstMatch: boolean;
}

/** Ansible would damage the file here: corectl refuses the edit and says why. */
export class EditRefusedError extends CorectlError {
  override readonly name = 'EditRefusedError';
  override readonly exitCode = ExitCode.failed;
}

export interface EditOutcome {
  lines: string[];
  changed: boolean;
  message: string;
}

/** Splits as Python's readlines() does: after every \n, keeping it; no empty last line. */
export function splitLines(content: string): string[] {
  return content === '' ? [] : content.split(/(?<=\n)/);
}

const stripEnd = (line: string) => line.replace(/[\r\n]+$/, '');

/** state: present. */
export function presentLine(input: string[], o: LineEditOptions): EditOutcome {
  const lines = [...input];
  const line = o.line ?? '';
  const insertAfter = o.insertAfter === undefined && o.insertBefore === undefined ? 'EOF' : o.insertAfter;
  const insertBefore = o.insertBefore;
  let found = -1;
  let insertAt = -1;
  let match: RegExpExecArray | true | undefined;

  // A match of regexp or searchString wins over insertAfter/insertBefore: the last one, or the first with firstMatch.
  for (const [index, current] of lines.entries()) {
    const m = o.regexp ? o.regexp.regex.exec(current) : o.searchString !== undefined && current.includes(o.searchString) ? true : null;
    if (m) {
      found = index;
      match = m;
      if (o.firstMatch) break;
    }
  }
  if (!match) {
    for (const [index, current] of lines.entries()) {
      if (line === stripEnd(current)) found = index;
      else if (o.insertPattern?.regex.test(current)) {
        if (insertAfter) insertAt = index + 1;
        if (insertBefore) insertAt = index;
        if (insertAfter || insertBefore) {
          if (o.firstMatch) break;
        }
      }
    }
  }

  if (found !== -1) {
    let newLine = o.backrefs && match && match !== true ? expandTemplate(o.backrefs, match) : line;
    if (!newLine.endsWith('\n')) newLine += '\n';
    if (lines[found] !== newLine) {
      lines[found] = newLine;
      return { lines, changed: true, message: 'line replaced' };
    }
    return { lines, changed: false, message: '' };
  }
  // Without a match there is nothing to take the back-references from: do nothing at all.
  if (o.backrefs) return { lines, changed: false, message: '' };
  if (insertBefore === 'BOF' || insertAfter === 'BOF') {
    lines.unshift(`${line}\n`);
    return { lines, changed: true, message: 'line added' };
  }
  if (insertAfter === 'EOF' || insertAt === -1) {
    if (lines.length > 0 && !/[\n\r]$/.test(lines.at(-1)!)) lines.push('\n');
    lines.push(`${line}\n`);
    return { lines, changed: true, message: 'line added' };
  }
  if (insertAfter) {
    // Not when the line is already there, right after the anchor.
    const next = insertAt === lines.length ? lines[insertAt - 1]! : lines[insertAt]!;
    if (stripEnd(next) === line) return { lines, changed: false, message: '' };
    if (insertAt === lines.length && !lines.at(-1)!.endsWith('\n')) {
      throw new EditRefusedError(`the line would go after the last line, which has no newline at its end: Ansible would join the two into one line (${JSON.stringify(stripEnd(lines.at(-1)!) + line)}); add a final newline to the file first`);
    }
    if (insertAt === lines.length) lines.push(`${line}\n`);
    else lines.splice(insertAt, 0, `${line}\n`);
    return { lines, changed: true, message: 'line added' };
  }
  lines.splice(insertAt, 0, `${line}\n`);
  return { lines, changed: true, message: 'line added' };
}

/** state: absent: every line that matches regexp, contains searchString, or equals line. */
export function absentLine(input: string[], o: LineEditOptions): EditOutcome & { found: number } {
  const matches = (current: string) =>
    o.regexp ? o.regexp.regex.test(current) : o.searchString !== undefined ? current.includes(o.searchString) : (o.line ?? '') === stripEnd(current);
  const lines = input.filter((current) => !matches(current));
  const found = input.length - lines.length;
  return { lines, found, changed: found > 0, message: found > 0 ? `${found} line(s) removed` : '' };
}
