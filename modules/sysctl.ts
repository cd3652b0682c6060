// sysctl: a kernel parameter, persisted in /etc/sysctl.d (one file per parameter, so two tasks
// never fight over a shared file, named with dots whichever form the name has) and applied to the
// running kernel when it differs.
import { z } from 'zod';
import { defineModule, sh, contentHash } from 'corectl/module';

const schema = z.strictObject({
  /** @example 'net.ipv4.ip_forward' */
  name: z.string().regex(/^[a-z0-9_]+([./][a-zA-Z0-9_-]+)+$/, 'must be a sysctl name like net.ipv4.ip_forward'),
  /** @example '1' */
  /** One line: it is written into a sysctl.d file, where a newline would start another setting. */
  value: z.union([z.string().refine((v) => !/[\n\r\0]/.test(v), 'must be one line (no newline or NUL)').refine((v) => v.trim() !== '', 'must not be blank'), z.number()])
    // The kernel separates the fields of a multi-value parameter with tabs: compared, written and
    // shown with single spaces.
    .transform((v) => String(v).trim().split(/[ \t]+/).join(' ')),
});

/**
 * The parameter's file under /proc/sys, read with cat: one process, where sysctl -n piped through
 * tr was two (the shell's own `read` will not do: it reads a byte at a time, and numeric /proc/sys
 * files answer only the first read). As sysctl(8) has it: a name with a slash is a path already
 * (its dots are part of names like eth0.100); otherwise every dot is a separator.
 */
const procPath = (name: string) => `/proc/sys/${name.includes('/') ? name : name.replaceAll('.', '/')}`;

/**
 * @example sysctl({ name: 'net.ipv4.ip_forward', value: 1 })
 */
export const sysctl = defineModule({
  name: 'sysctl',
  schema,
  describe: (o) => `${o.name}=${o.value}`,
  remote: (o, env) => {
    const content = `${o.name} = ${o.value}\n`;
    return {
      script: sh`corectl_file ${`/etc/sysctl.d/90-corectl-${o.name.replaceAll('/', '.')}.conf`} ${contentHash(content)} 644 '' '' ${env.diff ? 1 : 0} || exit 1
now=$(cat -- ${procPath(o.name)} 2>/dev/null)
set -f; set -- $now; set +f; now="$*"
if [ "$now" != ${o.value} ]; then
  corectl_before ${`${o.name} = `}"$now"; corectl_after ${`${o.name} = ${o.value}`}
  if [ "$corectl_check" = 0 ]; then sysctl -q -w ${`${o.name}=${o.value}`} >/dev/null || exit 1; fi
  corectl_changed
fi
`,
      stdin: content,
      lazyStdin: true,
    };
  },
});
