// The shell library every module script can use (module-functions.sh, file-functions.sh and
// boot-id.sh: read them for what each function does), and the header each step starts with.
import bootId from '../facts/boot-id.sh';
import { quote } from '../connection/shell-quote.ts';
import fileFunctions from './shell/file-functions.sh';
import moduleFunctions from './shell/module-functions.sh';
import { shellSource } from './shell-source.ts';

// The same for every step of a run: a shell session defines them once (see
// ExecOptions.definitions) and each step sends only its header.
export const MODULE_FUNCTIONS = shellSource(bootId) + shellSource(moduleFunctions) + shellSource(fileFunctions);

/**
 * What one step sets before its script: its mode, its nonce, whether its stdin was sent (and the
 * hash and size of the stdin, which tell corectl_file when $corectl_stdin_text is the content it
 * is to write: a script may give it other content on its own stdin), and what earlier steps of a
 * check run would have made.
 */
export function stepHeader(check: boolean, diff: boolean, nonce: string, stdin: { sent: boolean; hash?: string; bytes?: number } = { sent: true }, planned: Iterable<string> = []): string {
  const plans = [...planned];
  const text = stdin.hash === undefined ? '' : ` ${stdin.hash} ${stdin.bytes ?? ''}`;
  return `corectl_step ${check ? 1 : 0} ${diff ? 1 : 0} ${stdin.sent ? 1 : 0} ${nonce}${text}\n${plans.length > 0 ? `corectl_plans=${quote(`\n${plans.join('\n')}\n`)}\n` : ''}`;
}
