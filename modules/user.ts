// user: a local account as Ansible's user module has it (useradd, usermod, userdel): uid,
// primary group, the exact supplementary groups (or only added, with append), comment, home,
// shell, password hash, expiry; state absent removes it. A password hash travels in the step's
// script and reaches chpasswd on its stdin, never in a process's arguments (Ansible passes it to
// useradd -p). A missing group fails in check mode as in the real run.
import { z } from 'zod';
import { absolutePathSchema, accountNameSchema, contentHash, defineModule, moduleOptions, ownerSchema, shellScript, type IgnitionRendering } from 'corectl/module';
import script from './user.sh';
import absentScript from './user-absent.sh';

const field = (what: string) => z.string().refine((v) => !/[:\n\r\0]/.test(v), `${what} must not contain ":" or a line break (it becomes a field of /etc/passwd)`);

const schema = moduleOptions(
  'user',
  {
    name: accountNameSchema,
    state: z.enum(['present', 'absent']).default('present'),
    uid: z.number().int().min(0).optional(),
    /** The primary group (a name or a gid); it must exist. */
    group: ownerSchema.optional(),
    /** Supplementary groups (they must exist): exactly these, or with append only added. [] leaves none. @example ['wheel'] */
    groups: z.array(accountNameSchema).optional(),
    /** Add the groups to those the user has instead of setting exactly them. */
    append: z.boolean().default(false),
    comment: field('comment').optional(),
    home: absolutePathSchema.and(field('home')).optional(),
    /** Make the home directory when missing (from /etc/skel). */
    createHome: z.boolean().default(true),
    /** With a new home: move the old one's content there. */
    moveHome: z.boolean().default(false),
    /** @example '/bin/bash' */
    shell: z.string().regex(/^\/[^\s:\0]*$/, 'must be an absolute path without whitespace or ":" (it becomes a field of /etc/passwd)').optional(),
    /** A crypt(3) hash (not a clear-text password), e.g. from `openssl passwd -6`. Sensitive. */
    password: field('password').refine((p) => p === '' || /^[!*]|^\$/.test(p), 'must be a crypt hash such as $6$...: corectl never hashes a clear-text password itself').optional(),
    /** always (the default) sets the password when it differs; onCreate only for a new user. */
    updatePassword: z.enum(['always', 'onCreate']).default('always'),
    /** When the account expires, in seconds since 1970 (UTC); a negative number removes the expiry. */
    expires: z.number().optional(),
    /** A system account (uid from the system range), when it is created. */
    system: z.boolean().default(false),
    /** With state absent: remove the home directory and mail spool too. */
    remove: z.boolean().default(false),
    /** With state absent: remove the account even while the user is logged in. */
    force: z.boolean().default(false),
    /** The exact set of keys in ~/.ssh/authorized_keys (see also the authorizedKeys module). */
    authorizedKeys: z.array(z.string().regex(/^\S+ \S+/, 'must be an OpenSSH public key line').refine((k) => !k.includes('\n'), 'one key per entry')).optional(),
  },
  {
    user: '`name`', create_home: '`createHome`', createhome: '`createHome`', move_home: '`moveHome`', update_password: '`updatePassword`',
    non_unique: 'nothing: a uid another user has is refused', generate_ssh_key: 'nothing: keys are made where they are used (x509) or brought (authorizedKeys)',
    password_lock: 'nothing yet: set password to a hash starting with !', local: 'nothing: /etc/passwd is where users are',
  },
).refine((o) => o.state === 'present' || o.authorizedKeys === undefined, 'authorizedKeys needs state present');

type Options = z.output<typeof schema>;

/** Ansible's expiry: the UTC date of `expires` seconds, compared as days since 1970 (shadow's field 8). */
function expiry(expires: number | undefined): { days: string; date: string } | undefined {
  if (expires === undefined) return undefined;
  if (expires < 0) return { days: '', date: '' };
  const days = Math.floor(expires / 86_400);
  return { days: String(days), date: new Date(days * 86_400_000).toISOString().slice(0, 10) };
}

/**
 * The account in a first-boot config. Ignition adds the user, or changes one the image has with
 * usermod, groups set exactly; what it cannot say the same way is left to the first run.
 */
function ignitionUser(o: Options): IgnitionRendering {
  if (o.state === 'absent') return { leftToRun: 'Ignition cannot remove an account' };
  const unsaid = [
    o.append && 'append (Ignition sets the groups exactly)',
    o.expires !== undefined && 'expires',
    o.moveHome && 'moveHome',
    o.authorizedKeys && 'authorizedKeys (Ignition writes keys to ~/.ssh/authorized_keys.d/ignition, not ~/.ssh/authorized_keys)',
    o.password !== undefined && o.updatePassword === 'onCreate' && "updatePassword: onCreate (Ignition sets the hash of a user the image has too)",
    o.group !== undefined && /^\d+$/.test(o.group) && 'a primary group given by gid (Ignition takes its name)',
  ].filter(Boolean);
  if (unsaid.length > 0) return { leftToRun: `Ignition has no way to say ${unsaid.join(', ')}` };
  return {
    passwd: {
      users: [{
        name: o.name,
        ...(o.uid !== undefined && { uid: o.uid }),
        ...(o.group !== undefined && { primaryGroup: o.group }),
        ...(o.groups !== undefined && { groups: o.groups }),
        ...(o.comment !== undefined && { gecos: o.comment }),
        ...(o.home !== undefined && { homeDir: o.home }),
        ...(!o.createHome && { noCreateHome: true }),
        ...(o.shell !== undefined && { shell: o.shell }),
        ...(o.password !== undefined && { passwordHash: o.password }),
        ...(o.system && { system: true }),
      }],
    },
  };
}

/**
 * @example user({ name: 'ops', groups: ['wheel'], shell: '/bin/bash', authorizedKeys: ['ssh-ed25519 AAAA... ops@laptop'] })
 * @example user({ name: 'olduser', state: 'absent', remove: true })
 */
export const user = defineModule({
  name: 'user',
  ansible: 'ansible.builtin.user',
  schema,
  describe: (o) => (o.state === 'absent' ? `${o.name} (absent)` : o.name),
  remote: (o, env) => {
    if (o.state === 'absent') return { script: shellScript(absentScript, o.name, o.force, o.remove) };
    const keys = o.authorizedKeys ? `${o.authorizedKeys.join('\n')}\n` : undefined;
    const e = expiry(o.expires);
    const given = (['uid', 'group', 'groups', 'comment', 'home', 'shell', 'expires', 'password'] as const).filter((name) => o[name] !== undefined);
    const groups = o.groups === undefined ? [] : [...new Set(o.groups)];
    return {
      stdin: keys,
      lazyStdin: true,
      script: shellScript(
        script, o.name, given.join(' '), o.uid ?? '', o.group ?? '', groups.join(','), [...groups].sort().join(','), o.comment ?? '', o.home ?? '', o.shell ?? '',
        e?.days ?? '', e?.date ?? '', o.password ?? '', o.updatePassword === 'always', o.createHome, o.moveHome, o.append, o.system,
        keys === undefined ? '' : contentHash(keys), env.diff,
      ),
    };
  },
  sensitive: (o) => o.password !== undefined,
  ignition: ignitionUser,
});
