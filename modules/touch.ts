// touch: a file that exists (created empty when missing), with its times set, as Ansible's file
// with state: touch. Times default to now, which changes the file on every run, as in Ansible;
// 'preserve' or a fixed time make the task idempotent.
import { z } from 'zod';
import { absolutePathSchema, defineModule, modeSchema, moduleOptions, ownerSchema, shellScript } from 'corectl/module';
import script from './touch.sh';
import { FILE_ANSIBLE_NAMES } from './file.ts';

// Python's strptime directives that a time can be written with here.
const DIRECTIVES: Record<string, string> = { Y: '(\\d{4})', m: '(\\d{1,2})', d: '(\\d{1,2})', H: '(\\d{1,2})', M: '(\\d{1,2})', S: '(\\d{1,2})' };

/**
 * A time in `format` (Python strptime with %Y %m %d %H %M %S) as `touch -t` takes it and as
 * `date -d` reads it, both in the host's local time, as Ansible's time.mktime() reads it.
 */
export function parseTouchTime(time: string, format: string): { stamp: string; date: string } {
  const order: string[] = [];
  const pattern = format.replace(/%(.)|[.*+?^${}()|[\]\\]/g, (all, d: string | undefined) => {
    if (d === undefined) return `\\${all}`;
    if (d === '%') return '%';
    if (!DIRECTIVES[d]) throw new Error(`time format ${format}: %${d} is not supported (use %Y %m %d %H %M %S)`);
    order.push(d);
    return DIRECTIVES[d];
  });
  const match = new RegExp(`^${pattern}$`).exec(time);
  if (!match) throw new Error(`time ${JSON.stringify(time)} does not match the format ${format}`);
  const part = (d: string, fallback: number) => (order.includes(d) ? Number(match[order.indexOf(d) + 1]) : fallback);
  const [Y, m, d, H, M, S] = [part('Y', 1900), part('m', 1), part('d', 1), part('H', 0), part('M', 0), part('S', 0)];
  if (m < 1 || m > 12 || d < 1 || d > 31 || H > 23 || M > 59 || S > 59) throw new Error(`time ${JSON.stringify(time)} is out of range`);
  const two = (n: number) => String(n).padStart(2, '0');
  const year = String(Y).padStart(4, '0');
  return { stamp: `${year}${two(m)}${two(d)}${two(H)}${two(M)}.${two(S)}`, date: `${year}-${two(m)}-${two(d)} ${two(H)}:${two(M)}:${two(S)}` };
}

const timeSchema = z.string().min(1);

const schema = moduleOptions(
  'touch',
  {
    path: absolutePathSchema,
    mode: modeSchema.optional(),
    owner: ownerSchema.optional(),
    group: ownerSchema.optional(),
    /** 'now' (the default), 'preserve', or a time in modificationTimeFormat (host's local time). @example '202401011230.00' */
    modificationTime: timeSchema.default('now'),
    modificationTimeFormat: z.string().default('%Y%m%d%H%M.%S'),
    /** 'now' (the default), 'preserve', or a time in accessTimeFormat. */
    accessTime: timeSchema.default('now'),
    accessTimeFormat: z.string().default('%Y%m%d%H%M.%S'),
  },
  { ...FILE_ANSIBLE_NAMES, modification_time: '`modificationTime`', access_time: '`accessTime`', modification_time_format: '`modificationTimeFormat`', access_time_format: '`accessTimeFormat`' },
).transform((o, ctx) => {
  const when = (time: string, format: string) => {
    if (time === 'now' || time === 'preserve') return { stamp: time, date: '' };
    try {
      return parseTouchTime(time, format);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  };
  return { ...o, mtime: when(o.modificationTime, o.modificationTimeFormat), atime: when(o.accessTime, o.accessTimeFormat) };
});

/**
 * @example touch({ path: '/etc/cloud/cloud-init.disabled', modificationTime: 'preserve', accessTime: 'preserve' })
 */
export const touch = defineModule({
  name: 'touch',
  ansible: 'ansible.builtin.file (state: touch)',
  schema,
  describe: (o) => o.path,
  remote: (o) => ({
    script: shellScript(script, o.path, o.mtime.stamp, o.mtime.date, o.atime.stamp, o.atime.date, o.mode ?? '', o.owner ?? '', o.group ?? ''),
  }),
});
