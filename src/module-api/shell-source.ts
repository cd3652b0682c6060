// Remote shell is real source: .sh files, imported as text (shell-text-imports.d.ts), linted by sh -n,
// bash -n and shellcheck, pinned by golden tests. This turns such a file into what travels to a
// host, and a module's step into a script whose values arrive as positional parameters, quoted,
// never pasted into its code.
import { quote } from '../connection/shell-quote.ts';

const stripped = new Map<string, string>();

/**
 * A .sh file's text as it is sent: lines that are only a comment are left out (they would cost
 * bytes on every session or step and mean nothing to the shell); here-documents stay whole.
 */
export function shellSource(text: string): string {
  let sent = stripped.get(text);
  if (sent === undefined) {
    const kept: string[] = [];
    let hereDocEnd: string | undefined;
    for (const line of text.split('\n')) {
      if (hereDocEnd !== undefined) {
        kept.push(line);
        if (line === hereDocEnd) hereDocEnd = undefined;
        continue;
      }
      if (/^\s*#/.test(line)) continue;
      kept.push(line);
      hereDocEnd = /<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/.exec(line)?.[2];
    }
    sent = kept.join('\n');
    stripped.set(text, sent);
  }
  return sent;
}

/** A value a step's script receives as a positional parameter; a boolean arrives as 1 or 0. */
export type ShellArgument = string | number | boolean;

/**
 * A step's script from a .sh file, its values as positional parameters ($1, $2, ...): the file
 * names them on its first line (`path=$1 force=$2`) and never sees a value as code. Several
 * sources (a module's own functions, then its script) are sent one after the other.
 *
 * @example
 * import script from './symlink.sh';
 * remote: (o) => ({ script: shellScript(script, o.path, o.target, o.force) })
 */
export function shellScript(source: string | readonly string[], ...args: ShellArgument[]): string {
  const words = args.map((arg) => quote(typeof arg === 'boolean' ? (arg ? '1' : '0') : String(arg)));
  const sources = typeof source === 'string' ? [source] : source;
  return `${words.length > 0 ? `set -- ${words.join(' ')}\n` : ''}${sources.map(shellSource).join('')}`;
}
