// user and group cases: the inputs of Ansible's user and group integration targets (create, uid,
// groups with and without append, shell, comment, home, password hash, expiry, system accounts,
// removal) and the examples of issue 16 (exact groups, a group that does not exist).
import { group, user } from '../../../../modules/index.ts';
import type { SystemCase } from '../system-case.ts';

// SHA-512 crypt hashes of "conformance" and "other", made with `openssl passwd -6 -salt corectlsalt`.
const HASH = '$6$corectlsalt$SgEIEGRn81raXDiSrx/.4kZN1CwZUIovxwbGdxWOUpnzmurFRNw1OTYm/igupJdwz1/QobbRDr1Mtw4z.HSUw0';
const OTHER_HASH = '$6$corectlsalt$JSqASoBtxbqJ2Jf2I/mXl2nVXyVhuev7WMeVKsG3A13Iz2Dj1jBLP9u.iCSgFaZ4GsNZ.pspVedaB1wkpJj7L.';

/** What is compared for a user: passwd fields, supplementary groups, shadow hash and expiry, the home. */
const probeUser = (name: string) => `getent passwd ${name} | cut -d: -f1,3,5,6,7; g=$(getent passwd ${name} | cut -d: -f4); [ -z "$g" ] || getent group "$g" | cut -d: -f1
getent group | awk -F: -v u=${name} '{ n = split($4, m, ","); for (i = 1; i <= n; i++) if (m[i] == u) print $1 }' | sort | paste -sd, -
getent shadow ${name} | cut -d: -f2,8
h=$(getent passwd ${name} | cut -d: -f6); if [ -n "$h" ] && [ -d "$h" ]; then stat -c 'home %a %U' "$h"; else echo 'no home'; fi`;
const clean = (name: string) => `userdel -r ${name}; groupdel ${name}; groupdel cg${name.slice(2)}; rm -rf /home/${name} /home/${name}x`;

function u(id: string, source: 'ansible' | 'edge', setup: string, args: Record<string, unknown>, extra: Partial<SystemCase> = {}): SystemCase {
  const name = args.name as string;
  const ours: Record<string, unknown> = { ...args };
  for (const [from, to] of [['create_home', 'createHome'], ['update_password', 'updatePassword'], ['move_home', 'moveHome']] as const) {
    if (from in ours) {
      ours[to] = ours[from] === 'on_create' ? 'onCreate' : ours[from];
      delete ours[from];
    }
  }
  return { id: `user-${id}`, module: 'user', source, clean: clean(name), setup, probe: probeUser(name), ansible: { module: 'user', args }, corectl: user(ours as never), ...extra };
}

const probeGroup = (name: string) => `getent group ${name} | cut -d: -f1,3; g=$(getent group ${name} | cut -d: -f3); [ -z "$g" ] || { [ "$g" -lt 1000 ] && echo system || echo regular; }`;

function g(id: string, source: 'ansible' | 'edge', setup: string, args: Record<string, unknown>, extra: Partial<SystemCase> = {}): SystemCase {
  const name = args.name as string;
  return { id: `group-${id}`, module: 'group', source, clean: `groupdel ${name}; groupdel ${name}a`, setup, probe: probeGroup(name), ansible: { module: 'group', args }, corectl: group(args as never), ...extra };
}

// Ids the tasks ask for are below every fixed id a setup makes (3001, 3600-3650): useradd and
// groupadd hand out ids above the highest one taken, so an account made without an id in one
// case never takes the id another case asks for.
export const userCases: SystemCase[] = [
  u('create', 'ansible', '', { name: 'cu1' }),
  u('create-full', 'ansible', '', { name: 'cu2', uid: 2345, comment: 'Conformance User', home: '/home/cu2x', shell: '/bin/bash', groups: ['adm', 'staff'] }),
  u('exists', 'ansible', 'useradd -m -s /bin/bash cu3', { name: 'cu3', shell: '/bin/bash' }),
  u('groups-exact', 'edge', 'useradd -m -G adm,staff cu4', { name: 'cu4', groups: ['users'] }),
  u('groups-append', 'ansible', 'useradd -m -G adm,staff cu5', { name: 'cu5', groups: ['users'], append: true }),
  u('groups-append-present', 'ansible', 'useradd -m -G adm,users cu6', { name: 'cu6', groups: ['users'], append: true }),
  u('groups-empty', 'ansible', 'useradd -m -G adm,staff cu7', { name: 'cu7', groups: [] }),
  u('groups-same', 'ansible', 'useradd -m -G adm,staff cu8', { name: 'cu8', groups: ['staff', 'adm'] }),
  u('groups-missing', 'edge', 'useradd -m cu9', { name: 'cu9', groups: ['nosuchgroup'] }),
  u('create-groups-missing', 'edge', '', { name: 'cu10', groups: ['users', 'nosuchgroup'] }),
  u('primary-group', 'ansible', 'useradd -m cu11; groupadd cg11', { name: 'cu11', group: 'cg11' }),
  u('primary-group-missing', 'edge', '', { name: 'cu12', group: 'nosuchgroup' }),
  u('primary-group-gid', 'edge', 'useradd -m cu13', { name: 'cu13', group: '100' }),
  u('uid-change', 'ansible', 'useradd -m -u 3001 cu14', { name: 'cu14', uid: 2990 }),
  u('shell-change', 'ansible', 'useradd -m -s /bin/sh cu15', { name: 'cu15', shell: '/bin/bash' }),
  u('comment-change', 'ansible', "useradd -m -c 'Old Name' cu16", { name: 'cu16', comment: 'New Name' }),
  u('home-change', 'ansible', 'useradd -m cu17', { name: 'cu17', home: '/home/cu17x' }),
  u('home-move', 'ansible', 'useradd -m cu18', { name: 'cu18', home: '/home/cu18x', move_home: true }),
  u('home-recreated', 'ansible', 'useradd -m cu19; rm -rf /home/cu19', { name: 'cu19' }),
  // Ansible's user target: a home under parents that do not exist yet (useradd cannot make them).
  u('home-missing-parents', 'ansible', '', { name: 'cu39', home: '/srv/cu39-base/deep/cu39' }, {
    clean: `${clean('cu39')}; rm -rf /srv/cu39-base`,
    probe: `${probeUser('cu39')}\nstat -c 'parent %a %U' /srv/cu39-base /srv/cu39-base/deep`,
  }),
  u('no-home', 'ansible', '', { name: 'cu20', create_home: false }),
  u('system', 'ansible', '', { name: 'cu21', system: true, create_home: false }),
  u('password-new', 'ansible', '', { name: 'cu22', password: HASH }),
  u('password-change', 'ansible', `useradd -m cu23; printf 'cu23:%s\\n' '${OTHER_HASH}' | chpasswd -e`, { name: 'cu23', password: HASH }),
  u('password-same', 'ansible', `useradd -m cu24; printf 'cu24:%s\\n' '${HASH}' | chpasswd -e`, { name: 'cu24', password: HASH }),
  u('password-on-create', 'ansible', `useradd -m cu25; printf 'cu25:%s\\n' '${OTHER_HASH}' | chpasswd -e`, { name: 'cu25', password: HASH, update_password: 'on_create' }),
  u('password-locked', 'edge', `useradd -m cu26; printf 'cu26:!%s\\n' '${HASH}' | chpasswd -e`, { name: 'cu26', password: HASH }),
  u('expires', 'ansible', 'useradd -m cu27', { name: 'cu27', expires: 1893456000 }),
  u('expires-same', 'ansible', 'useradd -m -e 2030-01-01 cu28', { name: 'cu28', expires: 1893456000 }),
  u('expires-remove', 'ansible', 'useradd -m -e 2030-01-01 cu29', { name: 'cu29', expires: -1 }),
  u('absent', 'ansible', 'useradd -m cu30', { name: 'cu30', state: 'absent' }),
  u('absent-remove', 'ansible', 'useradd -m cu31', { name: 'cu31', state: 'absent', remove: true }),
  u('absent-missing', 'ansible', '', { name: 'cu32', state: 'absent' }),
  u('group-named-like-user', 'edge', 'groupadd cu33', { name: 'cu33' }),
  u('create-uid-groups-shell', 'edge', '', { name: 'cu34', uid: 2346, groups: ['users'], shell: '/bin/sh', comment: 'x' }),
];

export const groupCases: SystemCase[] = [
  g('create', 'ansible', '', { name: 'cg1' }),
  g('create-gid', 'ansible', '', { name: 'cg2', gid: 3500 }),
  g('gid-change', 'ansible', 'groupadd -g 3600 cg3', { name: 'cg3', gid: 3550 }),
  g('gid-same', 'ansible', 'groupadd -g 3602 cg4', { name: 'cg4', gid: 3602 }),
  g('system', 'ansible', '', { name: 'cg5', system: true }),
  g('exists', 'ansible', 'groupadd cg6', { name: 'cg6' }),
  g('absent', 'ansible', 'groupadd cg7', { name: 'cg7', state: 'absent' }),
  g('absent-missing', 'ansible', '', { name: 'cg8', state: 'absent' }),
  g('gid-taken', 'edge', 'groupadd -g 3650 cg9a', { name: 'cg9', gid: 3650 }),
  // A user's primary group cannot be removed: check mode must predict that failure too.
  g('absent-primary', 'edge', 'groupadd cg10; useradd -M -g cg10 cu40', { name: 'cg10', state: 'absent' }, { clean: 'userdel cu40; groupdel cg10' }),
];
