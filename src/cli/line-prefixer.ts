// Prefixes each complete line of a stream of text chunks, so output of many hosts can be
// interleaved line by line without splitting a line between two hosts. Control characters a host
// sends are shown, not passed to the terminal (see visible-text.ts).
import { visibleText } from '../report/visible-text.ts';

export class LinePrefixer {
  private partial = '';

  constructor(private readonly prefix: string, private readonly write: (text: string) => void) {}

  push(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop()!;
    if (lines.length > 0) this.write(lines.map((line) => `${this.prefix}${visibleText(line.replace(/\r$/, ''))}\n`).join(''));
  }

  flush(): void {
    if (this.partial) this.write(`${this.prefix}${visibleText(this.partial)}\n`);
    this.partial = '';
  }
}
