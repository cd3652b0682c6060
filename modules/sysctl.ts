// sysctl: a kernel parameter, applied to the running kernel and persisted, as Ansible's
// ansible.posix.sysctl. The value is applied first and persisted only once the kernel took it: a
// value the kernel refuses never reaches the file (Ansible writes it, then fails to load it, and
// the next boot applies it). The file is read on the host and rewritten on the controller.
import { z } from 'zod';
import { absolutePathSchema, contentHash, defineModule, ignitionFile, moduleOptions, shellScript, unifiedDiff, type ControllerOutcome, type ModuleOutput } from 'corectl/module';
import applyScript from './sysctl-apply.sh';
import inspectScript from './sysctl-inspect.sh';
import { defaultSysctlFile, fieldsOf, sysctlFileContent, sysctlValue, valueInFile } from './sysctl-file.ts';

const schema = moduleOptions(
  'sysctl',
  {
    /** @example 'net.ipv4.ip_forward' */
    name: z.string().regex(/^[a-z0-9_]+([./][a-zA-Z0-9_-]+)+$/, 'must be a sysctl name like net.ipv4.ip_forward'),
    /** One line. Ansible's booleans (true, 'yes', 'on', ...) are 1 and 0. @example 1 */
    value: z.union([z.string().refine((v) => !/[\n\r\0]/.test(v), 'must be one line (no newline or NUL)').refine((v) => v.trim() !== '', 'must not be blank'), z.number(), z.boolean()]).transform(sysctlValue).optional(),
    /** absent: the setting leaves the file (the running value stays). */
    state: z.enum(['present', 'absent']).default('present'),
    /** Apply to the running kernel (and load the file again after a change). */
    reload: z.boolean().default(true),
    /** An unknown key is no error (its setting is written, and loaded with sysctl -e). */
    ignoreErrors: z.boolean().default(false),
    /** A shared file to keep the setting in, Ansible-style; by default a file of its own in /etc/sysctl.d. @example '/etc/sysctl.d/99-site.conf' */
    file: absolutePathSchema.optional(),
  },
  { key: '`name`', val: '`value`', sysctl_file: '`file`', ignoreerrors: '`ignoreErrors`', sysctl_set: 'nothing: with reload (the default) the value is applied' },
).refine((o) => o.state === 'absent' || o.value !== undefined, 'value is required with state present');

type Options = z.output<typeof schema>;

/**
 * The parameter's file under /proc/sys. As sysctl(8) has it: a name with a slash is a path
 * already (its dots are part of names like eth0.100); otherwise every dot is a separator.
 */
const procPath = (name: string) => `/proc/sys/${name.includes('/') ? name : name.replaceAll('.', '/')}`;
const fileOf = (o: Options) => o.file ?? defaultSysctlFile(o.name);
const fields = (text: string) => text.trim().split(/\s+/).filter(Boolean);
const sameFields = (a: string, b: string) => fieldsOf(a) === fieldsOf(b);

function decide(output: ModuleOutput, o: Options, env: { check: boolean; diff: boolean }): ControllerOutcome {
  const file = fileOf(o);
  const known = output.data.known === '1';
  const now = output.data.now;
  const before = output.data.file === undefined ? undefined : Buffer.from(output.data.file, 'base64').toString('utf8');
  const present = o.state === 'present';
  if (present && !known && !o.ignoreErrors) throw new Error(`sysctl: cannot stat ${procPath(o.name)}: No such file or directory (unknown key; ignoreErrors: true writes it anyway)`);
  const after = present ? o.value : undefined;
  const content = sysctlFileContent(before, o.name, after, o.file !== undefined);
  // The file's value is compared as written, as Ansible compares it (`40000 60999` in the file is
  // rewritten as `40000<tab>60999` when that is asked); the running value field by field (apply).
  const writeFile = valueInFile(before ?? '', o.name) !== after;
  const apply = present && known && o.reload && (now === undefined || !sameFields(now, o.value!));
  if (!writeFile && !apply) return {};
  const shown = present ? fieldsOf(o.value!) : '';
  const applied = `${o.name} = ${now ?? '?'} -> ${shown}`;
  const persisted = present ? `${file}: setting written` : `${file}: setting removed`;
  const diff = env.diff ? { ...(apply ? { before: `${o.name} = ${now ?? ''}`, after: `${o.name} = ${shown}` } : {}), ...(writeFile ? { unified: unifiedDiff(file, before, content ?? '') } : {}) } : undefined;
  if (env.check) {
    // Check mode cannot try a value on the kernel; a word where the kernel holds numbers is sure to fail.
    if (apply && now !== undefined && fields(now).every((f) => /^-?\d+$/.test(f)) && fields(o.value!).some((f) => !/^-?\d+$/.test(f))) {
      throw new Error(`setting ${o.name} failed: the kernel holds numbers here and "${o.value}" is not one (Invalid argument)`);
    }
    // Said as what would happen: nothing was written.
    const wouldPersist = present ? `${file}: setting would be written` : `${file}: setting would be removed`;
    return { changed: true, message: [...(apply ? [applied] : []), ...(writeFile ? [wouldPersist] : [])].join('; '), diff };
  }
  // Each step is said once it is done: a value the kernel refuses must not read "setting written".
  return { diff, next: applyStep(o, file, apply, writeFile, content, applied, persisted) };
}

/** Applies the value (the kernel must take it), then persists, then loads the shared file again. */
function applyStep(o: Options, file: string, apply: boolean, writeFile: boolean, content: string | undefined, applied: string, persisted: string) {
  const persist = !writeFile ? '' : content === undefined ? 'remove' : 'write';
  const reload = o.reload && o.file !== undefined && (writeFile || apply);
  const setting = apply ? `${o.name}=${o.value}` : '';
  return { stdin: content, script: shellScript(applyScript, file, setting, o.name, apply ? applied : '', persist, content === undefined ? '' : contentHash(content), persisted, reload, o.ignoreErrors) };
}

/**
 * @example sysctl({ name: 'net.ipv4.ip_forward', value: 1 })
 * @example sysctl({ name: 'net.core.somaxconn', value: 4096, file: '/etc/sysctl.d/99-site.conf' })
 */
export const sysctl = defineModule({
  name: 'sysctl',
  ansible: 'ansible.posix.sysctl',
  schema,
  describe: (o) => (o.state === 'absent' ? `${o.name} (absent)` : `${o.name}=${o.value}`),
  remote: (o) => ({ script: shellScript(inspectScript, procPath(o.name), fileOf(o)) }),
  controller: async (output, o, env) => decide(output, o, env),
  result: (output) => {
    const { file: _file, ...data } = output.data;
    return { data, stdout: '' };
  },
  // The setting's own file in /etc/sysctl.d, which systemd-sysctl loads at boot.
  ignition: (o) => {
    if (o.file !== undefined) return { leftToRun: `${o.file} is shared, edited setting by setting where the host has it` };
    if (o.state === 'absent') return { leftToRun: 'Ignition cannot remove a setting from what the image has' };
    return ignitionFile(defaultSysctlFile(o.name), sysctlFileContent(undefined, o.name, o.value, false)!, {});
  },
});
