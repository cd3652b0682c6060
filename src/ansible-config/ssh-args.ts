// OpenSSH command-line options as sites write them in ansible.cfg's ssh_args and in
// ansible_ssh_common_args: the ones corectl follows, the ones that change nothing about which host
// is reached or how it is trusted (connection sharing, keepalives, logging), and the rest, refused.
import { shlexSplit } from '../inventory/python-shlex.ts';

export interface SshArgSettings {
  /** ProxyJump / -J: the previous hop(s), comma-separated. */
  jump?: string;
  hostKeyCheck?: 'strict' | 'accept-new' | 'off';
  knownHostsFiles?: string[];
}

/** Options with no effect on which host is reached, as whom, or how it is trusted. */
const HARMLESS = new Set([
  'controlmaster', 'controlpersist', 'controlpath', 'compression', 'serveraliveinterval', 'serveralivecountmax',
  'tcpkeepalive', 'loglevel', 'connectionattempts', 'connecttimeout', 'identitiesonly', 'preferredauthentications',
  'passwordauthentication', 'kbdinteractiveauthentication', 'pubkeyauthentication', 'gssapiauthentication',
  'hashknownhosts', 'checkhostip', 'visualhostkey', 'updatehostkeys', 'addkeystoagent',
]);
const HARMLESS_FLAGS = new Set(['-C', '-q', '-v', '-vv', '-vvv', '-4', '-6', '-T', '-t', '-tt', '-n', '-x', '-a']);

const HINTS: Record<string, string> = {
  proxycommand: 'use ProxyJump (-J host), which corectl follows',
  port: 'use ansible_port', user: 'use ansible_user', identityfile: 'use ansible_ssh_private_key_file',
  globalknownhostsfile: 'give the file with --known-hosts',
  forwardagent: 'corectl does not forward the ssh-agent to hosts',
};

/**
 * The settings corectl follows from one string of ssh options; as ssh does, the first value an
 * option is given is the one kept. The same reading serves ansible.cfg (the run's) and a host's
 * ansible_ssh_*_args (that host's).
 */
export function readSshArgs(args: string): { settings: SshArgSettings; refused?: string } {
  const words = shlexSplit(args).map((w) => w.text);
  const settings: SshArgSettings = {};
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === '-J' || (word.startsWith('-J') && word.length > 2)) {
      const jump = word === '-J' ? words[++i] : word.slice(2);
      settings.jump ??= jump;
      continue;
    }
    if (HARMLESS_FLAGS.has(word)) continue;
    if (!(word === '-o' || word.startsWith('-o'))) return { settings, refused: `${word} is not an option corectl knows how to follow; remove it or say what it is for in an issue` };
    const option = word === '-o' ? words[++i] ?? '' : word.slice(2);
    const match = /^\s*(\w+)\s*(?:=|\s)\s*(.*)$/.exec(option);
    if (!match) return { settings, refused: `cannot read -o ${option}` };
    const name = match[1]!.toLowerCase();
    const value = match[2]!.trim();
    if (HARMLESS.has(name)) continue;
    if (name === 'proxyjump') settings.jump ??= value;
    else if (name === 'stricthostkeychecking') {
      const check = ({ yes: 'strict', ask: 'strict', 'accept-new': 'accept-new', no: 'off', off: 'off' } as const)[value.toLowerCase() as 'yes'];
      if (!check) return { settings, refused: `-o StrictHostKeyChecking=${value}: expected yes, accept-new or no` };
      settings.hostKeyCheck ??= check;
    } else if (name === 'userknownhostsfile') settings.knownHostsFiles ??= value.split(/\s+/);
    else return { settings, refused: `-o ${match[1]} is not followed by corectl; ${HINTS[name] ?? 'remove it, or say what it is for in an issue'}` };
  }
  return { settings };
}
