// Text from managed hosts is shown, never obeyed: a task's output, a message or a diff may hold
// escape sequences that would retitle the operator's terminal, move its cursor, hide lines or
// rewrite what was printed before. Every control character but newline and tab is shown as an
// escape (`\x1b`, `\r`, `\u202e`), in the live view, plain output and JUnit. JSON reports keep
// the exact text (JSON escapes it). A CR LF line ending is a newline.

// C0 controls but \t and \n, DEL, C1 controls, and the Unicode controls that reorder or hide text
// (bidi embeddings, overrides and isolates; line and paragraph separators).
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\r': '\\r', '\b': '\\b', '\f': '\\f', '\v': '\\v', '\0': '\\0' };

export function visibleText(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return NAMED[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}
