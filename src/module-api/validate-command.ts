// `validate` as Ansible takes it: a command line with `%s` for the file about to be installed,
// split into words as Python's shlex.split() does (Ansible runs it without a shell). The words are
// quoted into a shell function, so nothing in them is ever interpreted by the host's shell.
import { z } from 'zod';
import { quote } from '../connection/shell-quote.ts';

/** Splits like Python's shlex.split(text) (POSIX mode, no comments); throws on an open quote. */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let open: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (open === "'") {
      if (c === "'") open = undefined;
      else word += c;
    } else if (open === '"') {
      if (c === '"') open = undefined;
      else if (c === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) word = (word ?? '') + text[++i];
      else word += c;
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === "'" || c === '"') {
      open = c;
      word ??= '';
    } else if (c === '\\') {
      if (i + 1 >= text.length) throw new Error('No escaped character');
      word = (word ?? '') + text[++i];
    } else word = (word ?? '') + c;
  }
  if (open) throw new Error('No closing quotation');
  if (word !== undefined) words.push(word);
  return words;
}

/** The words of a validate command, each a list of literal parts and the file's place (`%s`). */
export type ValidateWords = (string | { file: true })[][];

function parseValidate(command: string): ValidateWords {
  if (!command.includes('%s')) throw new Error(`validate must contain %s: ${command}`);
  const formatted = command.replace(/%(.)/g, (all, c: string) => {
    if (c === '%') return '%';
    if (c === 's') return '\0';
    throw new Error(`validate: "%${c}" is not %s or %%`);
  });
  if (/%$/.test(formatted)) throw new Error('validate: a lone "%" at the end');
  return shellWords(formatted).map((word) => word.split(/(\0)/).filter((part) => part !== '').map((part) => (part === '\0' ? { file: true as const } : part)));
}

/**
 * A `validate` option: Ansible's command with `%s` (`%%` for a percent sign). Turns into the
 * words to run, checked when options are validated.
 *
 * @example validate: 'visudo -cf %s'
 */
export const validateCommandSchema = z.string().transform((command, ctx) => {
  try {
    return { command, words: parseValidate(command) };
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

export type ValidateCommand = z.output<typeof validateCommandSchema>;

/**
 * Shell text defining `corectl_validate FILE` (which runs the command on FILE) and setting
 * `corectl_validating=1`: corectl_file runs it on the new content before renaming it into place.
 */
export function validateFunction(validate: ValidateCommand | undefined): string {
  if (!validate) return '';
  const words = validate.words.map((parts) => parts.map((part) => (typeof part === 'string' ? quote(part) : '"$1"')).join(''));
  return `corectl_validate() { ${words.join(' ')}; }\ncorectl_validating=1\n`;
}
