// Ansible host ranges: `web[01:10].example.net`, `db-[a:c]`, with an optional stride `[1:9:2]`.
// Numeric ranges keep the zero padding of their start, as Ansible does.
import { CorectlError } from '../errors/corectl-error.ts';
import { ExitCode } from '../errors/exit-codes.ts';

export class HostRangeError extends CorectlError {
  override readonly name = 'HostRangeError';
  override readonly exitCode = ExitCode.usage;
}

export function expandHostRange(pattern: string): string[] {
  const match = /^(.*?)\[([^\]:]+):([^\]:]+)(?::(\d+))?\](.*)$/.exec(pattern);
  if (!match) return [pattern];
  const [, prefix, start, end, strideText, suffix] = match as unknown as [string, string, string, string, string | undefined, string];
  const stride = strideText === undefined ? 1 : Number(strideText);
  if (stride < 1) throw new HostRangeError(`bad stride in host range ${pattern}`);
  let items: string[];
  if (/^\d+$/.test(start) && /^\d+$/.test(end)) {
    const first = Number(start);
    const last = Number(end);
    if (last < first) throw new HostRangeError(`host range ${pattern} ends before it starts`);
    const width = start.startsWith('0') ? start.length : 0;
    items = [];
    for (let i = first; i <= last; i += stride) items.push(String(i).padStart(width, '0'));
  } else if (/^[a-z]$/i.test(start) && /^[a-z]$/i.test(end)) {
    const first = start.charCodeAt(0);
    const last = end.charCodeAt(0);
    if (last < first) throw new HostRangeError(`host range ${pattern} ends before it starts`);
    items = [];
    for (let c = first; c <= last; c += stride) items.push(String.fromCharCode(c));
  } else {
    throw new HostRangeError(`host range ${pattern} must be numbers or single letters, like [01:10] or [a:f]`);
  }
  // A suffix may hold another range: expand recursively.
  return items.flatMap((item) => expandHostRange(`${prefix}${item}${suffix}`));
}
