// What blockInFile does to a file: Ansible's blockinfile, decision for decision, on bytes held one
// per character (latin1). Where Ansible would delete lines that are not part of the block (markers
// out of order), corectl refuses instead.
import type { PythonRegex } from 'corectl/module';
import { EditRefusedError } from './line-edit.ts';

export interface BlockEditOptions {
  /** The block's bytes (without markers); empty with state absent. */
  block: string;
  present: boolean;
  /** The whole marker lines, newline included. */
  begin: string;
  end: string;
  insertAfter?: string;
  insertBefore?: string;
  /** insertAfter/insertBefore compiled, when it is a pattern (not BOF/EOF). */
  insertPattern?: PythonRegex;
}

/** Splits as Python's bytes.splitlines(True) does: after \n, \r\n or a lone \r. */
export function splitLinesUniversal(content: string): string[] {
  return content === '' ? [] : content.split(/(?<=\n)|(?<=\r)(?!\n)/);
}

/** The new content, given the old (undefined: the file does not exist). */
export function editBlock(original: string | undefined, o: BlockEditOptions): { content: string; changed: boolean; message: string } {
  const lines = splitLinesUniversal(original ?? '');
  const insertAfter = o.insertAfter === undefined && o.insertBefore === undefined ? 'EOF' : o.insertAfter;
  let block = o.present ? o.block : '';
  if (block !== '' && !block.endsWith('\n')) block += '\n';
  const blockLines = block === '' ? [] : [o.begin, ...splitLinesUniversal(block), o.end];

  const begin = lines.findLastIndex((line) => line === o.begin);
  const end = lines.findLastIndex((line) => line === o.end);
  let at: number;
  if (begin === -1 || end === -1) {
    at = insertionPoint(original, lines, insertAfter, o);
  } else if (begin < end) {
    refuseStrayEnd(lines, begin, end, o.end);
    lines.splice(begin, end - begin + 1);
    at = begin;
  } else {
    if (begin - end > 1) {
      throw new EditRefusedError(`the END marker (line ${end + 1}) comes before the last BEGIN marker (line ${begin + 1}): Ansible would delete the ${begin - end - 1} line(s) between them; fix the markers in the file first`);
    }
    lines.splice(end, 2);
    at = end;
  }
  if (at > 0 && !lines[at - 1]!.endsWith('\n')) lines[at - 1] += '\n';
  lines.splice(at, 0, ...blockLines);
  const content = lines.join('');
  if (original === content) return { content, changed: false, message: '' };
  return { content, changed: true, message: original === undefined ? 'File created' : blockLines.length === 0 ? 'Block removed' : 'Block inserted' };
}

/** Where a new block goes: after the last line matching insertAfter (before for insertBefore), or at BOF/EOF. */
function insertionPoint(original: string | undefined, lines: string[], insertAfter: string | undefined, o: BlockEditOptions): number {
  const pattern = o.insertPattern;
  if (pattern) {
    let at: number | undefined;
    if (pattern.multiline) {
      // (?m): searched in the whole file; Ansible counts the newlines before the match in the
      // text decoded from UTF-8, by characters.
      const match = original === undefined ? null : pattern.regex.exec(original);
      if (match) at = newlinesBefore(original!, insertAfter ? match.index + match[0].length : match.index);
    } else {
      for (const [index, line] of lines.entries()) if (pattern.regex.test(line)) at = index;
    }
    if (at === undefined) return lines.length;
    return insertAfter !== undefined ? at + 1 : at;
  }
  if (o.insertBefore !== undefined) return 0;
  return lines.length;
}

function newlinesBefore(original: string, offset: number): number {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(original, 'latin1'));
  } catch {
    throw new EditRefusedError('insertAfter/insertBefore with (?m) needs the file to be UTF-8 text (Ansible counts its lines by characters)');
  }
  return Array.from(text).slice(0, offset).filter((c) => c === '\n').length;
}

/** BEGIN ... END ... other lines ... END: Ansible would take everything up to the last END. */
function refuseStrayEnd(lines: string[], begin: number, end: number, marker: string): void {
  const firstEnd = lines.findIndex((line, index) => index > begin && line === marker);
  const between = lines.slice(firstEnd + 1, end).filter((line) => line !== marker).length;
  if (firstEnd < end && between > 0) {
    throw new EditRefusedError(`the block from line ${begin + 1} has END markers on lines ${firstEnd + 1} and ${end + 1}: Ansible would delete the ${between} line(s) between them; fix the markers in the file first`);
  }
}
