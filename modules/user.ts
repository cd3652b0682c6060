// user: a local account as Ansible's user module has it (useradd, usermod, userdel): uid,
// primary group, the exact supplementary groups (or only added, with append), comment, home,
// shell, password hash, expiry; state absent removes it. A password hash travels in the step's
// script and reaches chpasswd on its stdin, never in a process's arguments (Ansible passes it to
// useradd -p). A missing group fails in check mode as in the real run.
import { z } from 'zod';
import { absolutePathSchema, accountNameSchema, contentHash, defineModule, moduleOptions, ownerSchema, raw, sh, type IgnitionRendering } from 'corectl/module';

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

/** Every group named must exist (or be made by an earlier task of a check run): as Ansible, before anything else. */
function groupsExist(o: Options): string {
  const names = [...(o.group !== undefined ? [o.group] : []), ...(o.groups ?? [])];
  if (names.length === 0) return '';
  return sh`for g in ${names}; do
  getent group "$g" >/dev/null || corectl_planned group "$g" || { echo "Group $g does not exist" >&2; exit 1; }
done
`;
}

/** A uid another account has: useradd and usermod would refuse it, and check mode says so too. */
function uidFree(o: Options): string {
  if (o.uid === undefined) return '';
  return sh`if other=$(getent passwd ${o.uid}) && [ "\${other%%:*}" != "$u" ]; then echo "UID '"${o.uid}"' already exists with user '\${other%%:*}'" >&2; exit 1; fi
`;
}

function createScript(o: Options): string {
  const e = expiry(o.expires);
  const args = [
    ...(o.uid !== undefined ? ['-u', String(o.uid)] : []),
    ...(o.group !== undefined ? ['-g', o.group] : []),
    ...(o.groups && o.groups.length > 0 ? ['-G', [...new Set(o.groups)].join(',')] : []),
    ...(o.comment !== undefined ? ['-c', o.comment] : []),
    ...(o.home !== undefined ? ['-d', o.home] : []),
    ...(o.shell !== undefined ? ['-s', o.shell] : []),
    ...(e && e.date ? ['-e', e.date] : []),
    o.createHome ? '-m' : '-M',
    ...(o.system ? ['-r'] : []),
  ];
  return sh`  corectl_msg "user is missing"
  if [ "$corectl_check" = 1 ]; then corectl_plan user "$u"; corectl_changed; exit 0; fi
  set -- ${args}
  # Without a primary group, useradd would make one named after the user: not when one exists.
  if [ -z ${o.group ?? ''} ] && getent group "$u" >/dev/null; then set -- "$@" -N; fi
  useradd "$@" -- "$u" || exit 1
  corectl_changed
${raw(o.password !== undefined ? '  corectl_set_password || exit 1\n' : '')}`;
}

function modifyScript(o: Options): string {
  const e = expiry(o.expires);
  const groups = o.groups === undefined ? undefined : [...new Set(o.groups)].sort().join(',');
  const checks = [
    o.uid !== undefined ? sh`[ "$cur_uid" = ${o.uid} ] || { corectl_msg "uid $cur_uid -> "${o.uid}; set -- "$@" -u ${o.uid}; }` : '',
    o.group !== undefined ? sh`want=$(getent group ${o.group} | cut -d: -f3); [ "$cur_gid" = "$want" ] || { corectl_msg "primary group $cur_gid -> $want"; set -- "$@" -g "$want"; }` : '',
    groups !== undefined
      ? o.append
        ? sh`for g in $(printf '%s' ${groups} | tr ',' ' '); do case ",$cur_groups," in *",$g,"*) ;; *) corectl_msg "add to group $g"; add=1 ;; esac; done
[ -z "\${add:-}" ] || set -- "$@" -a -G ${groups}`
        : sh`[ "$cur_groups" = ${groups} ] || { corectl_msg "groups $cur_groups -> "${groups}; set -- "$@" -G ${groups}; }`
      : '',
    o.comment !== undefined ? sh`[ "$cur_comment" = ${o.comment} ] || { corectl_msg "comment -> "${o.comment}; set -- "$@" -c ${o.comment}; }` : '',
    o.home !== undefined ? sh`[ "$cur_home" = ${o.home} ] || { corectl_msg "home $cur_home -> "${o.home}; set -- "$@" -d ${o.home} ${o.moveHome ? ['-m'] : []}; }` : '',
    o.shell !== undefined ? sh`[ "$cur_shell" = ${o.shell} ] || { corectl_msg "shell $cur_shell -> "${o.shell}; set -- "$@" -s ${o.shell}; }` : '',
    e === undefined
      ? ''
      : e.days === ''
        ? sh`[ -z "$cur_expires" ] || [ "$cur_expires" -lt 0 ] || { corectl_msg "expiry removed"; set -- "$@" -e ''; }`
        : sh`[ "$cur_expires" = ${e.days} ] || { corectl_msg "expires -> "${e.date}; set -- "$@" -e ${e.date}; }`,
  ].filter(Boolean);
  const password = o.password !== undefined && o.updatePassword === 'always'
    ? sh`cur=$(getent shadow "$u" | cut -d: -f2); want=${o.password}
if [ "\${cur#!}" != "\${want#!}" ]; then corectl_msg "password changes"; corectl_act corectl_set_password || exit 1; fi
`
    : '';
  return `${sh`  IFS=: read -r _ _ cur_uid cur_gid cur_comment cur_home cur_shell <<CORECTL_PW
$pw
CORECTL_PW
  cur_groups=$(getent group | awk -F: -v u="$u" '{ n = split($4, m, ","); for (i = 1; i <= n; i++) if (m[i] == u) { print $1; break } }' | sort | paste -sd, -)
  cur_expires=$(getent shadow "$u" | cut -d: -f8)
  set --
`}${checks.map((c) => `  ${c}\n`).join('')}${sh`  if [ $# -gt 0 ]; then corectl_act usermod "$@" -- "$u" || exit 1; fi
`}${password}`;
}

/** A home that went missing is made again from /etc/skel, owned by the user, with login.defs' UMASK. */
const HOME_SCRIPT = sh`home=$(getent passwd "$u" | cut -d: -f6)
if [ -n "$home" ] && [ ! -e "$home" ]; then
  corectl_msg "home $home is missing"
  if [ "$corectl_check" = 0 ]; then
    if [ -d /etc/skel ]; then cp -a /etc/skel "$home" || exit 1; else mkdir -p -- "$home" || exit 1; fi
    um=$(sed -n 's/^UMASK[[:space:]]\\{1,\\}\\([0-7]\\{1,\\}\\)[[:space:]]*$/\\1/p' /etc/login.defs 2>/dev/null | tail -n 1)
    if [ -n "$um" ]; then chmod "$(printf '%o' $(( 0777 & ~0$um )))" "$home" || exit 1; fi
    chown -R "$(id -u -- "$u"):$(id -g -- "$u")" "$home" || exit 1
  fi
  corectl_changed
fi
`;

function authorizedKeysScript(sha: string, diff: boolean): string {
  return sh`home=$(getent passwd -- "$u" | cut -d: -f6)
if [ -n "$home" ]; then
  if [ ! -d "$home/.ssh" ]; then
    if [ "$corectl_check" = 0 ]; then install -d -m 0700 -o "$u" -g "$(id -gn -- "$u")" -- "$home/.ssh" || exit 1; fi
    corectl_changed
  fi
  if [ -d "$home/.ssh" ] || [ "$corectl_check" = 0 ]; then
    corectl_file "$home/.ssh/authorized_keys" ${sha} 600 "$u" '' ${diff ? 1 : 0} || exit 1
  else corectl_msg "authorized_keys would be written"; fi
fi
`;
}

/**
 * @example user({ name: 'ops', groups: ['wheel'], shell: '/bin/bash', authorizedKeys: ['ssh-ed25519 AAAA... ops@laptop'] })
 * @example user({ name: 'olduser', state: 'absent', remove: true })
 */
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

export const user = defineModule({
  name: 'user',
  schema,
  describe: (o) => (o.state === 'absent' ? `${o.name} (absent)` : o.name),
  remote: (o, env) => {
    if (o.state === 'absent') {
      return {
        script: sh`u=${o.name}
if getent passwd "$u" >/dev/null; then
  corectl_msg "user exists"
  corectl_act userdel ${o.force ? ['-f'] : []} ${o.remove ? ['-r'] : []} -- "$u" || exit 1
fi
`,
      };
    }
    const keys = o.authorizedKeys ? `${o.authorizedKeys.join('\n')}\n` : undefined;
    // The hash reaches chpasswd through printf, a shell builtin: it is in no process's arguments.
    const actPassword = o.password === undefined ? '' : sh`corectl_set_password() { printf '%s:%s\\n' "$u" ${o.password} | chpasswd -e; }\n`;
    return {
      stdin: keys,
      lazyStdin: true,
      script: `${sh`u=${o.name}`}
${actPassword}${groupsExist(o)}${uidFree(o)}${sh`if ! pw=$(getent passwd "$u"); then`}
${createScript(o)}else
${modifyScript(o)}fi
${o.createHome ? HOME_SCRIPT : ''}${keys === undefined ? '' : authorizedKeysScript(contentHash(keys), env.diff)}`,
    };
  },
  sensitive: (o) => o.password !== undefined,
  ignition: ignitionUser,
});
