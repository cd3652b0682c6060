// systemd, sysctl and authorized_key cases: the inputs of Ansible's systemd and ansible.posix's
// sysctl and authorized_key integration targets, and the examples of issue 16 (a value the
// kernel refuses, a unit file in the way of a mask, a unit changed on disk, a masked unit).
import { authorizedKeys, sysctl, systemd } from '../../../../modules/index.ts';
import type { SystemCase } from '../system-case.ts';

const ALWAYS = { repeats: 'restarted and reloaded act on every run, as in Ansible' };
const UNIT = '[Unit]\nDescription=conformance %s\n[Service]\nExecStart=/bin/sleep %t\nExecReload=/bin/true\n[Install]\nWantedBy=multi-user.target\n';
const unitFile = (name: string, where = '/etc/systemd/system', description = name, sleep = 'infinity') => `printf '${UNIT.replace('%s', description).replace('%t', sleep).replaceAll('\n', '\\n')}' > ${where}/${name}.service`;
/** What the unit's process really runs: a reload that did not happen shows here. */
const running = (name: string) => `pid=$(systemctl show -p MainPID --value ${name}.service); [ "$pid" = 0 ] || tr '\\0' ' ' < /proc/$pid/cmdline; echo`;
/** A service whose [Install] names only its socket (Also=), and the socket. */
const alsoSocket = (name: string) => `printf '[Service]\\nExecStart=/bin/sleep infinity\\n[Install]\\nAlso=${name}.socket\\n' > /etc/systemd/system/${name}.service; printf '[Socket]\\nListenStream=/run/${name}.sock\\n[Install]\\nWantedBy=sockets.target\\n' > /etc/systemd/system/${name}.socket; systemctl daemon-reload`;
const cleanUnit = (name: string) => `systemctl stop ${name}; systemctl disable ${name}; systemctl unmask ${name}; rm -f /etc/systemd/system/${name}.service /usr/lib/systemd/system/${name}.service; systemctl daemon-reload; systemctl reset-failed ${name}`;
const probeUnit = (name: string) => `systemctl is-enabled ${name}.service; systemctl is-active ${name}.service; systemctl show -p Description --value ${name}.service`;

function sd(id: string, source: 'ansible' | 'edge', name: string, setup: string, args: Record<string, unknown>, extra: Partial<SystemCase> = {}): SystemCase {
  const ours: Record<string, unknown> = { unit: args.name };
  for (const [key, value] of Object.entries(args)) if (key !== 'name') ours[{ daemon_reload: 'daemonReload', no_block: 'noBlock' }[key] ?? key] = value;
  return { id: `systemd-${id}`, module: 'systemd', source, clean: cleanUnit(name), setup, probe: probeUnit(name), ansible: { module: 'systemd', args }, corectl: systemd(ours as never), ...extra };
}

/** Keys of the host's own network namespace: changing them touches nothing outside the test host. */
const proc = (key: string) => `/proc/sys/${key.replaceAll('.', '/')}`;
const probeSysctl = (key: string, file: string) => `cat ${proc(key)}; if [ -f ${file} ]; then cat ${file}; else echo 'no file'; fi`;

function sc(id: string, source: 'ansible' | 'edge', key: string, reset: string, setup: string, args: Record<string, unknown>, extra: Partial<SystemCase> = {}): SystemCase {
  const file = (args.sysctl_file as string | undefined) ?? `/etc/sysctl.d/90-corectl-${key}.conf`;
  const ours: Record<string, unknown> = { name: key };
  for (const [k, v] of Object.entries(args)) if (k !== 'name') ours[{ sysctl_file: 'file', ignoreerrors: 'ignoreErrors' }[k] ?? k] = v;
  return {
    id: `sysctl-${id}`, module: 'sysctl', source,
    setup: `${reset === '' ? '' : `echo '${reset}' > ${proc(key)}; `}rm -f ${file} /etc/sysctl.d/90-corectl-${key}.conf\n${setup}`,
    probe: probeSysctl(key, file), ansible: { module: 'ansible.posix.sysctl', args: { name: key, ...args } }, corectl: sysctl(ours as never), ...extra,
  };
}

const KEY_A = 'AAAAC3NzaC1lZDI1NTE5AAAAIOqxsdJhsu5kHTcq2lT0kVRx5mKzXpXJ6BsdQ9hF3Tk1';
const KEY_B = 'AAAAC3NzaC1lZDI1NTE5AAAAIB7mGfC1tA2mKqwJ9uLwr4kqQm0qzVv5ZfX2LpYq3n8d';
const KEY_C = 'AAAAB3NzaC1yc2EAAAADAQABAAABAQDconformanceRSAblobforthetestsxx==';
const probeKeys = (user: string, path = `/home/${user}/.ssh/authorized_keys`) => `d=$(dirname ${path}); [ -d "$d" ] && stat -c 'dir %a %U' "$d"; if [ -f ${path} ]; then stat -c 'file %a %U' ${path}; cat ${path}; else echo 'no file'; fi`;

function ak(id: string, source: 'ansible' | 'edge', user: string, setup: string, args: Record<string, unknown>, extra: Partial<SystemCase> = {}): SystemCase {
  const ours: Record<string, unknown> = { user, keys: args.key };
  for (const [k, v] of Object.entries(args)) if (k !== 'key' && k !== 'user') ours[{ key_options: 'keyOptions', manage_dir: 'manageDir' }[k] ?? k] = v;
  return {
    id: `authorized-key-${id}`, module: 'authorized_key', source,
    clean: `userdel -r ${user}; rm -rf /home/${user}`,
    setup: `useradd -m ${user}\n${setup}`,
    probe: probeKeys(user, args.path as string | undefined), ansible: { module: 'ansible.posix.authorized_key', args: { user, ...args } }, corectl: authorizedKeys(ours as never), ...extra,
  };
}

const keysFile = (user: string, content: string) => `install -d -m 700 -o ${user} -g ${user} /home/${user}/.ssh; printf '${content.replaceAll('\n', '\\n')}' > /home/${user}/.ssh/authorized_keys; chown ${user}: /home/${user}/.ssh/authorized_keys; chmod 600 /home/${user}/.ssh/authorized_keys`;

export const systemdCases: SystemCase[] = [
  // First: enable, disable and mask reload systemd as a side effect, and would hide a unit changed on disk.
  sd('changed-on-disk', 'edge', 'cs18', unitFile('cs18') + '; systemctl daemon-reload; systemctl start cs18', { name: 'cs18.service', state: 'restarted' }, {
    ...ALWAYS, lateSetup: unitFile('cs18', '/etc/systemd/system', 'cs18 new', '86400'), probe: `${probeUnit('cs18')}; ${running('cs18')}`,
    deliberate: 'the unit changed on disk: corectl reloads systemd before restarting it (NeedDaemonReload), Ansible restarts the old definition unless daemon_reload is set',
  }),
  sd('changed-on-disk-reload-option', 'ansible', 'cs19', unitFile('cs19') + '; systemctl daemon-reload; systemctl start cs19', { name: 'cs19.service', state: 'restarted', daemon_reload: true }, { ...ALWAYS, lateSetup: unitFile('cs19', '/etc/systemd/system', 'cs19 new', '86400'), probe: `${probeUnit('cs19')}; ${running('cs19')}` }),
  sd('start', 'ansible', 'cs1', unitFile('cs1') + '; systemctl daemon-reload', { name: 'cs1.service', state: 'started' }),
  sd('started-already', 'ansible', 'cs2', unitFile('cs2') + '; systemctl daemon-reload; systemctl start cs2', { name: 'cs2.service', state: 'started' }),
  sd('stop', 'ansible', 'cs3', unitFile('cs3') + '; systemctl daemon-reload; systemctl start cs3', { name: 'cs3.service', state: 'stopped' }),
  sd('stopped-already', 'ansible', 'cs4', unitFile('cs4') + '; systemctl daemon-reload', { name: 'cs4.service', state: 'stopped' }),
  sd('enable', 'ansible', 'cs5', unitFile('cs5') + '; systemctl daemon-reload', { name: 'cs5.service', enabled: true }),
  sd('disable', 'ansible', 'cs6', unitFile('cs6') + '; systemctl daemon-reload; systemctl enable cs6', { name: 'cs6.service', enabled: false }),
  sd('enable-and-start', 'ansible', 'cs7', unitFile('cs7') + '; systemctl daemon-reload', { name: 'cs7.service', enabled: true, state: 'started' }),
  sd('restart-stopped', 'ansible', 'cs8', unitFile('cs8') + '; systemctl daemon-reload', { name: 'cs8.service', state: 'restarted' }, ALWAYS),
  sd('restart-running', 'ansible', 'cs9', unitFile('cs9') + '; systemctl daemon-reload; systemctl start cs9', { name: 'cs9.service', state: 'restarted' }, ALWAYS),
  sd('reload-running', 'ansible', 'cs10', unitFile('cs10') + '; systemctl daemon-reload; systemctl start cs10', { name: 'cs10.service', state: 'reloaded' }, ALWAYS),
  sd('missing-start', 'ansible', 'cs11', '', { name: 'cs11.service', state: 'started' }),
  sd('missing-enable', 'ansible', 'cs12', '', { name: 'cs12.service', enabled: true }),
  sd('missing-stop', 'edge', 'cs13', '', { name: 'cs13.service', state: 'stopped' }),
  sd('mask-vendor-unit', 'ansible', 'cs14', unitFile('cs14', '/usr/lib/systemd/system') + '; systemctl daemon-reload', { name: 'cs14.service', masked: true }),
  sd('unmask', 'ansible', 'cs15', unitFile('cs15', '/usr/lib/systemd/system') + '; systemctl daemon-reload; systemctl mask cs15', { name: 'cs15.service', masked: false }),
  sd('mask-unit-in-etc', 'edge', 'cs16', unitFile('cs16') + '; systemctl daemon-reload', { name: 'cs16.service', masked: true }, { deliberate: 'a mask over a unit file in /etc/systemd/system fails; corectl fails and says what to do, Ansible reports a change although systemctl refused' }),
  sd('start-masked', 'edge', 'cs17', unitFile('cs17', '/usr/lib/systemd/system') + '; systemctl daemon-reload; systemctl mask cs17', { name: 'cs17.service', state: 'started' }),
  // Check mode must predict the failure the run meets (systemctl refuses to enable a masked unit).
  sd('enable-masked', 'edge', 'cs31', unitFile('cs31', '/usr/lib/systemd/system') + '; systemctl daemon-reload; systemctl mask cs31', { name: 'cs31.service', enabled: true }),
  sd('static-enable', 'edge', 'cs20', "printf '[Service]\\nExecStart=/bin/sleep infinity\\n' > /etc/systemd/system/cs20.service; systemctl daemon-reload", { name: 'cs20.service', enabled: true }),
  sd('static-disable', 'edge', 'cs21', "printf '[Service]\\nExecStart=/bin/sleep infinity\\n' > /etc/systemd/system/cs21.service; systemctl daemon-reload", { name: 'cs21.service', enabled: false }, { deliberate: 'disabling a static unit (no [Install]): corectl says it cannot be, Ansible runs systemctl disable and reports a change on every run' }),
  // A unit whose [Install] has only Also=: Ansible's target has the socket-activated form. Enabling
  // it enables the socket, disabling it disables the socket (Ansible reads is-enabled's exit code).
  sd('indirect-also-enable', 'edge', 'cs32', alsoSocket('cs32'), { name: 'cs32.service', enabled: true }, { probe: `${probeUnit('cs32')}; systemctl is-enabled cs32.socket`, clean: `${cleanUnit('cs32')}; systemctl disable cs32.socket; rm -f /etc/systemd/system/cs32.socket; systemctl daemon-reload` }),
  sd('indirect-also-disable', 'edge', 'cs33', `${alsoSocket('cs33')}; systemctl enable cs33.socket`, { name: 'cs33.service', enabled: false }, { probe: `${probeUnit('cs33')}; systemctl is-enabled cs33.socket`, clean: `${cleanUnit('cs33')}; systemctl disable cs33.socket; rm -f /etc/systemd/system/cs33.socket; systemctl daemon-reload` }),
  sd('no-block', 'ansible', 'cs22', unitFile('cs22') + '; systemctl daemon-reload', { name: 'cs22.service', state: 'started', no_block: true }),
];

export const sysctlCases: SystemCase[] = [
  sc('set', 'ansible', 'net.ipv4.tcp_fin_timeout', '60', '', { value: '33', sysctl_file: '/etc/sysctl.d/80-conf-set.conf' }),
  sc('already', 'ansible', 'net.ipv4.tcp_keepalive_probes', '9', "printf 'net.ipv4.tcp_keepalive_probes=7\\n' > /etc/sysctl.d/80-conf-already.conf; echo 7 > /proc/sys/net/ipv4/tcp_keepalive_probes", { value: 7, sysctl_file: '/etc/sysctl.d/80-conf-already.conf' }),
  sc('file-only-differs', 'ansible', 'net.ipv4.tcp_keepalive_intvl', '75', 'echo 50 > /proc/sys/net/ipv4/tcp_keepalive_intvl', { value: '50', sysctl_file: '/etc/sysctl.d/80-conf-fileonly.conf' }),
  sc('kernel-differs', 'ansible', 'net.ipv4.tcp_keepalive_time', '7200', "printf 'net.ipv4.tcp_keepalive_time=600\\n' > /etc/sysctl.d/80-conf-kernel.conf", { value: '600', sysctl_file: '/etc/sysctl.d/80-conf-kernel.conf' }),
  sc('yes-is-1', 'ansible', 'net.ipv4.ip_forward', '0', '', { value: 'yes', sysctl_file: '/etc/sysctl.d/80-conf-yes.conf' }),
  sc('false-is-0', 'ansible', 'net.ipv4.tcp_sack', '1', '', { value: false, sysctl_file: '/etc/sysctl.d/80-conf-false.conf' }),
  sc('accepted-unchecked-range', 'edge', 'net.ipv4.tcp_frto', '2', '', { value: '7', sysctl_file: '/etc/sysctl.d/80-conf-frto.conf' }),
  sc('refused-by-kernel', 'edge', 'net.ipv4.tcp_ecn', '2', '', { value: 'maybe', sysctl_file: '/etc/sysctl.d/80-conf-refused.conf' }, { deliberate: 'a value the kernel refuses: corectl fails and leaves the file as it was; Ansible writes the value into the file, then fails to load it (the next boot applies it)' }),
  sc('refused-out-of-range', 'edge', 'net.ipv4.tcp_ecn_fallback', '1', '', { value: '5', sysctl_file: '/etc/sysctl.d/80-conf-range.conf' }, {
    deliberate: 'a value the kernel refuses: corectl fails and leaves the file as it was; Ansible writes it, then fails to load it',
    checkCannotKnow: 'whether the kernel takes a number in its range cannot be tried without setting it',
  }),
  sc('unknown-key', 'edge', 'net.ipv4.tcp_no_such_thing', '', '', { value: '1', sysctl_file: '/etc/sysctl.d/80-conf-unknown.conf' }, { deliberate: 'an unknown key: corectl fails before writing anything; Ansible writes it into the file, then fails to load it' }),
  sc('unknown-key-ignored', 'ansible', 'net.ipv4.tcp_no_such_other', '', '', { value: '1', sysctl_file: '/etc/sysctl.d/80-conf-ignored.conf', ignoreerrors: true }),
  sc('absent', 'ansible', 'net.ipv4.tcp_syn_retries', '6', "printf 'net.ipv4.tcp_syn_retries=5\\nnet.core.somaxconn = 4096\\n' > /etc/sysctl.d/80-conf-absent.conf", { state: 'absent', sysctl_file: '/etc/sysctl.d/80-conf-absent.conf' }),
  sc('absent-missing', 'ansible', 'net.ipv4.tcp_synack_retries', '5', '', { state: 'absent', sysctl_file: '/etc/sysctl.d/80-conf-absentmissing.conf' }),
  sc('multi-value', 'ansible', 'net.ipv4.ip_local_port_range', '32768 60999', '', { value: '40000 60999', sysctl_file: '/etc/sysctl.d/80-conf-range2.conf' }),
  // The fields' spacing is written as given; the file's value is compared as written (Ansible
  // rewrites `40000 60999` as `40000<tab>60999` when that is asked).
  sc('multi-value-spaces', 'edge', 'net.ipv4.ip_local_port_range', '32768 60999', '', { value: '40000    60999', sysctl_file: '/etc/sysctl.d/80-conf-range3.conf' }),
  sc('multi-value-tab-same', 'edge', 'net.ipv4.ip_local_port_range', '40000 60999', "printf 'net.ipv4.ip_local_port_range=40000 60999\\n' > /etc/sysctl.d/80-conf-range4.conf", { value: '40000\t60999', sysctl_file: '/etc/sysctl.d/80-conf-range4.conf' }),
  sc('shared-file-rewritten', 'ansible', 'net.ipv4.tcp_retries2', '15', "printf '# site settings\\nnet.core.somaxconn = 4096\\n\\n  net.ipv4.tcp_retries2 = 10\\nnet.core.somaxconn=2048\\n' > /etc/sysctl.d/80-conf-shared.conf", { value: '12', sysctl_file: '/etc/sysctl.d/80-conf-shared.conf' }),
  sc('reload-false', 'ansible', 'net.ipv4.tcp_orphan_retries', '0', '', { value: '3', reload: false, sysctl_file: '/etc/sysctl.d/80-conf-noreload.conf' }),
  sc('value-trimmed', 'ansible', 'net.ipv4.tcp_reordering', '3', '', { value: '  4  ', sysctl_file: '/etc/sysctl.d/80-conf-trim.conf' }),
  sc('default-file', 'edge', 'net.ipv4.tcp_max_syn_backlog', '512', 'touch /etc/sysctl.conf; sed -i "/tcp_max_syn_backlog/d" /etc/sysctl.conf', { value: '1024' }, { deliberate: "without a file, corectl keeps the setting in a file of its own (/etc/sysctl.d/90-corectl-NAME.conf); Ansible's default is the shared /etc/sysctl.conf" }),
];

export const authorizedKeyCases: SystemCase[] = [
  ak('new-file', 'ansible', 'cak1', '', { key: `ssh-ed25519 ${KEY_A} ops@laptop` }),
  ak('append', 'ansible', 'cak2', keysFile('cak2', `ssh-ed25519 ${KEY_B} other@host\n`), { key: `ssh-ed25519 ${KEY_A} ops@laptop` }),
  ak('present-already', 'ansible', 'cak3', keysFile('cak3', `ssh-ed25519 ${KEY_A} ops@laptop\n`), { key: `ssh-ed25519 ${KEY_A} ops@laptop` }),
  ak('comment-differs', 'ansible', 'cak4', keysFile('cak4', `ssh-ed25519 ${KEY_A} old@laptop\nssh-ed25519 ${KEY_B} other@host\n`), { key: `ssh-ed25519 ${KEY_A} ops@laptop` }),
  ak('key-options', 'ansible', 'cak5', '', { key: `ssh-ed25519 ${KEY_A} ops@laptop`, key_options: 'no-port-forwarding,from="192.0.2.0/24"' }),
  ak('options-other-order', 'ansible', 'cak6', keysFile('cak6', `no-pty,no-agent-forwarding ssh-ed25519 ${KEY_A} ops@laptop\n`), { key: `ssh-ed25519 ${KEY_A} ops@laptop`, key_options: 'no-agent-forwarding,no-pty' }),
  ak('exclusive', 'ansible', 'cak7', keysFile('cak7', `ssh-ed25519 ${KEY_B} other@host\nssh-rsa ${KEY_C} rsa@host\n`), { key: `ssh-ed25519 ${KEY_A} ops@laptop`, exclusive: true }),
  ak('absent', 'ansible', 'cak8', keysFile('cak8', `ssh-ed25519 ${KEY_A} ops@laptop\nssh-ed25519 ${KEY_B} other@host\n`), { key: `ssh-ed25519 ${KEY_A} anything`, state: 'absent' }),
  ak('absent-missing', 'ansible', 'cak9', keysFile('cak9', `ssh-ed25519 ${KEY_B} other@host\n`), { key: `ssh-ed25519 ${KEY_A} ops@laptop`, state: 'absent' }),
  ak('several-in-one', 'ansible', 'cak10', '', { key: `ssh-ed25519 ${KEY_A} ops@laptop\nssh-ed25519 ${KEY_B} other@host\n# a comment line\nssh-rsa ${KEY_C} rsa@host` }),
  ak('comments-kept', 'ansible', 'cak11', keysFile('cak11', `# managed by hand\nssh-ed25519 ${KEY_B} other@host\n\n# end\n`), { key: `ssh-ed25519 ${KEY_A} ops@laptop` }),
  ak('no-comment', 'ansible', 'cak12', '', { key: `ssh-ed25519 ${KEY_A}` }),
  ak('comment-option', 'ansible', 'cak13', keysFile('cak13', `ssh-ed25519 ${KEY_A} ops@laptop\n`), { key: `ssh-ed25519 ${KEY_A} ops@laptop`, comment: 'site key' }),
  ak('path-fcos-style', 'edge', 'cak14', '', { key: `ssh-ed25519 ${KEY_A} ops@laptop`, path: '/home/cak14/.ssh/authorized_keys.d/site' }),
  ak('missing-user', 'ansible', 'cak15x', 'userdel -r cak15x', { key: `ssh-ed25519 ${KEY_A} ops@laptop` }),
  ak('invalid-key', 'ansible', 'cak16', '', { key: 'not a key at all' }),
  ak('dir-modes-fixed', 'edge', 'cak17', `install -d -m 755 /home/cak17/.ssh; chown cak17: /home/cak17/.ssh`, { key: `ssh-ed25519 ${KEY_A} ops@laptop` }),
];
