// user: a local account with its groups, shell and SSH authorized keys. The keys file is written
// like any file (atomic, compared by content hash), owned by the user, mode 0600.
import { z } from 'zod';
import { defineModule, raw, accountNameSchema, sh, contentHash } from 'corectl/module';

const schema = z.strictObject({
  name: accountNameSchema,
  /** Supplementary groups (they must exist). @example ['wheel'] */
  groups: z.array(accountNameSchema).optional(),
  /** @example '/bin/bash' */
  shell: z.string().regex(/^\/[^\s:\0]*$/, 'must be an absolute path without whitespace or ":" (it becomes a field of /etc/passwd)').optional(),
  /** The exact set of keys in ~/.ssh/authorized_keys. */
  authorizedKeys: z.array(z.string().regex(/^\S+ \S+/, 'must be an OpenSSH public key line').refine((k) => !k.includes('\n'), 'one key per entry')).optional(),
});

/**
 * @example user({ name: 'ops', groups: ['wheel'], authorizedKeys: ['ssh-ed25519 AAAA... ops@laptop'] })
 */
export const user = defineModule({
  name: 'user',
  schema,
  describe: (o) => o.name,
  remote: (o, env) => {
    const keys = o.authorizedKeys ? `${o.authorizedKeys.join('\n')}\n` : undefined;
    const groups = o.groups?.join(',') ?? '';
    return {
      stdin: keys,
      lazyStdin: true,
      script: sh`u=${o.name}
if ! id -- "$u" >/dev/null 2>&1; then
  corectl_msg "user is missing"
  if [ "$corectl_check" = 1 ]; then corectl_plan user "$u"; corectl_changed; exit 0; fi
  useradd --create-home ${o.shell ? ['--shell', o.shell] : []} -- "$u" || exit 1
  corectl_changed
fi
if [ -n ${o.shell ?? ''} ] && [ "$(getent passwd -- "$u" | cut -d: -f7)" != ${o.shell ?? ''} ]; then
  corectl_msg ${`shell -> ${o.shell ?? ''}`}
  if [ "$corectl_check" = 0 ]; then usermod --shell ${o.shell ?? '/bin/sh'} -- "$u" || exit 1; fi
  corectl_changed
fi
if [ -n ${groups} ]; then
  have=$(id -nG -- "$u" | tr ' ' '\\n' | sort | tr '\\n' ' ')
  for g in $(printf '%s' ${groups} | tr ',' ' '); do
    case " $have " in *" $g "*) ;; *)
      corectl_msg "add to group $g"
      if [ "$corectl_check" = 0 ]; then usermod --append --groups "$g" -- "$u" || exit 1; fi
      corectl_changed ;;
    esac
  done
fi
${raw(keys === undefined ? '' : authorizedKeysScript(contentHash(keys), env.diff))}`,
    };
  },
});

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
