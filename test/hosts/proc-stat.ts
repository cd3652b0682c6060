// Reading /proc/PID/stat: the command name (field 2) may hold spaces and parentheses, so the other
// fields are those after its last ')'.
import { readFileSync } from 'node:fs';

/** The fields after the command name: index 0 is field 3 of proc(5) (the state), so field N is index N - 3. */
export function procStatFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined; // the process is gone
  }
}

/** The process group (field 5); NaN when the process is gone. */
export function processGroupOf(pid: number): number {
  return Number(procStatFields(pid)?.[2]);
}
