// authorizedKeys: SSH keys a user may log in with, as Ansible's ansible.posix.authorized_key:
// keys added (or removed, or exactly these with exclusive), with options and comments. Fedora
// CoreOS also reads ~/.ssh/authorized_keys.d/NAME files: give such a path to keep a site's keys
// apart from Ignition's. The file is read on the host and rewritten on the controller.
import { z } from 'zod';
import { absolutePathSchema, accountNameSchema, contentHash, defineModule, ignitionFile, moduleOptions, shellScript, unifiedDiff, type IgnitionRendering, type ModuleOutput } from 'corectl/module';
import inspectScript from './authorized-keys-inspect.sh';
import writeScript from './authorized-keys-write.sh';
import { editAuthorizedKeys } from './text/authorized-keys-edit.ts';

const schema = moduleOptions(
  'authorizedKeys',
  {
    user: accountNameSchema,
    /** OpenSSH public key lines (several per string, one per line, are fine). @example ['ssh-ed25519 AAAA... ops@laptop'] */
    keys: z.union([z.string(), z.array(z.string())]).transform((k) => (Array.isArray(k) ? k : [k])),
    /** The file; by default ~USER/.ssh/authorized_keys. @example '/home/core/.ssh/authorized_keys.d/site' */
    path: absolutePathSchema.optional(),
    /** Make the file's directory (0700, owned by the user) when writing. */
    manageDir: z.boolean().default(true),
    state: z.enum(['present', 'absent']).default('present'),
    /** Options for every key, e.g. 'no-port-forwarding,from="192.0.2.0/24"'. */
    keyOptions: z.string().refine((v) => !/[\n\r]/.test(v), 'one line').optional(),
    /** Only these keys: every other key in the file is removed. */
    exclusive: z.boolean().default(false),
    /** A comment for every key, instead of the keys' own. */
    comment: z.string().refine((v) => !/[\n\r]/.test(v), 'one line').optional(),
    /** When path is a link, edit what it points to instead of replacing the link. */
    follow: z.boolean().default(false),
  },
  { key: '`keys`', key_options: '`keyOptions`', manage_dir: '`manageDir`', validate_certs: 'nothing: keys are given, never fetched' },
);

type Options = z.output<typeof schema>;

function decide(output: ModuleOutput, o: Options, env: { check: boolean; diff: boolean }) {
  if (output.data.user === 'planned') return { changed: true, message: `keys for ${o.user}, made by an earlier task` };
  const path = output.data.path!;
  const before = output.data.content === undefined ? undefined : Buffer.from(output.data.content, 'base64').toString('utf8');
  const edit = editAuthorizedKeys(before ?? '', { keys: o.keys, present: o.state === 'present', exclusive: o.exclusive, keyOptions: o.keyOptions, comment: o.comment });
  if (!edit.changed) return {};
  const diff = env.diff ? { unified: unifiedDiff(path, before, edit.content) } : undefined;
  if (env.check) return { changed: true, diff };
  const hash = before === undefined ? 'absent' : contentHash(before);
  return { diff, next: { script: shellScript(writeScript, o.user, path, hash, contentHash(edit.content), o.manageDir), stdin: edit.content } };
}

/**
 * The keys file in a first-boot config, as the run writes it into an empty file: 0600, the user's,
 * in a 0700 directory of the user's. Where it is must be given: a home directory is the host's to say.
 * The group is the user's own, as Fedora CoreOS gives every user one.
 */
function ignitionKeys(o: Options): IgnitionRendering {
  if (o.path === undefined) return { leftToRun: "the file is in the user's home directory, which the host knows; give path (e.g. /var/home/core/.ssh/authorized_keys.d/site)" };
  if (o.state === 'absent') return { leftToRun: 'Ignition cannot remove keys from what the image has' };
  if (o.follow) return { leftToRun: 'follow reads where a link on the host points' };
  const { content } = editAuthorizedKeys('', { keys: o.keys, present: true, exclusive: o.exclusive, keyOptions: o.keyOptions, comment: o.comment });
  // A run gives both the user's primary group; which group that is, the merged config says.
  const group = { primaryGroupOf: o.user };
  const [file] = ignitionFile(o.path, content, { mode: '600', owner: o.user }).storage?.files ?? [];
  const directory = { path: o.path.slice(0, o.path.lastIndexOf('/')), mode: 0o700, user: { name: o.user }, group };
  return { storage: { files: [{ ...file!, group }], ...(o.manageDir && { directories: [directory] }) } };
}

/**
 * @example authorizedKeys({ user: 'core', keys: ['ssh-ed25519 AAAA... ops@laptop'] })
 * @example authorizedKeys({ user: 'core', path: '/home/core/.ssh/authorized_keys.d/site', keys: siteKeys, exclusive: true })
 */
export const authorizedKeys = defineModule({
  name: 'authorizedKeys',
  ansible: 'ansible.posix.authorized_key',
  schema,
  describe: (o) => `${o.user}${o.path ? ` (${o.path})` : ''}`,
  remote: (o) => ({ script: shellScript(inspectScript, o.user, o.path ?? '', o.follow, o.manageDir) }),
  controller: async (output, o, env) => decide(output, o, env),
  result: (output) => {
    const { content: _content, ...data } = output.data;
    return { data, stdout: '' };
  },
  ignition: ignitionKeys,
});
