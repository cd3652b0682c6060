// Python's shlex.split(line, comments=True) in POSIX mode, which Ansible's INI plugin uses to cut a
// host line into words. It differs from sh: `#` starts a comment even in the middle of a word
// (`a=b#c` is `a=b`), quotes are removed (`port='22'` is `port=22`), a backslash escapes any
// character outside quotes and only `"` and `\` inside double quotes.
import { CorectlError } from '../errors/corectl-error.ts';
import { ExitCode } from '../errors/exit-codes.ts';

export interface ShlexWord {
  text: string;
  /** 1-based column where the word starts. */
  column: number;
}

export class ShlexError extends CorectlError {
  override readonly name = 'ShlexError';
  override readonly exitCode = ExitCode.usage;
}

export function shlexSplit(line: string): ShlexWord[] {
  const words: ShlexWord[] = [];
  let word: ShlexWord | undefined;
  let quoted = false;
  const emit = () => {
    if (word && (word.text !== '' || quoted)) words.push(word);
    word = undefined;
    quoted = false;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (' \t\r\n'.includes(c)) {
      emit();
      continue;
    }
    if (c === '#') break; // a comment, even inside a word
    word ??= { text: '', column: i + 1 };
    if (c === '\\') {
      if (i + 1 >= line.length) throw new ShlexError('No escaped character');
      word.text += line[++i];
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new ShlexError('No closing quotation');
      word.text += line.slice(i + 1, end);
      quoted = true;
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && j + 1 >= line.length) throw new ShlexError('No escaped character');
        if (line[j] === '\\' && (line[j + 1] === '"' || line[j + 1] === '\\')) j++;
        word.text += line[j];
      }
      if (j >= line.length) throw new ShlexError('No closing quotation');
      quoted = true;
      i = j;
    } else word.text += c;
  }
  emit();
  return words;
}
