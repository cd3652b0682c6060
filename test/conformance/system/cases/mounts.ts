// mount cases against ansible.posix.mount (its integration target's bind mounts and records, and
// edges: tmpfs, options changed on a mounted file system, a mount that fails, nested mount points).
// Ansible keeps a mount as an /etc/fstab line, corectl as a systemd mount unit (the Fedora CoreOS
// way): what is compared is what is mounted, from where, with which options, and whether the
// mount point is there. A start state "already set up" has both the line and the unit.
import { mount } from '../../../../modules/index.ts';
import { mountUnitContent, mountUnitName } from '../../../../modules/mount/mount-unit.ts';
import type { SystemCase } from '../system-case.ts';

interface Spec { src: string; fstype: string; opts: string }

const point = (name: string) => `/mnt/cm_${name}`;
/** The first directory of a nested mount point, which either tool makes (and removes when the mount fails). */
const top = (path: string) => path.split('/').slice(0, 3).join('/');
// A bind mount inside a test host shows the host's own overlay directories: named alike on both.
const probe = (path: string) => `{ findmnt -n -o SOURCE,FSTYPE,OPTIONS --mountpoint ${path} || echo 'not mounted'; } | sed 's#/node[0-9]*/#/NODE/#g'; for d in ${path} ${top(path)}; do if [ -d $d ]; then echo "$d there"; else echo "no $d"; fi; done`;
const clean = (path: string) => `umount ${path}; umount ${path}; rm -f '/etc/systemd/system/${mountUnitName(path)}' '/etc/systemd/system/local-fs.target.requires/${mountUnitName(path)}'; sed -i '\\# ${path} #d' /etc/fstab; rm -rf ${top(path)}; systemctl daemon-reload`;

/** The host as both tools leave it for `spec` mounted at `path`: the fstab line, the enabled unit, the mount. */
function configured(path: string, spec: Spec, mounted = true): string {
  const unit = mountUnitContent({ path, ...spec }).replaceAll('\n', '\\n');
  return [
    `printf '%s %s %s %s 0 0\\n' ${spec.src} ${path} ${spec.fstype} ${spec.opts} >> /etc/fstab`,
    `printf '${unit}' > '/etc/systemd/system/${mountUnitName(path)}'`,
    `systemctl daemon-reload`, `systemctl enable '${mountUnitName(path)}' 2>/dev/null`,
    `mkdir -p ${path}`, ...(mounted ? [`mount -t ${spec.fstype} -o ${spec.opts} ${spec.src} ${path}`] : []),
  ].join('; ');
}

function mt(id: string, source: 'ansible' | 'edge', name: string, setup: string, args: Record<string, unknown>, extra: Partial<SystemCase> = {}): SystemCase {
  const path = point(name);
  const ours: Record<string, unknown> = { path };
  for (const [key, value] of Object.entries(args)) ours[key] = value;
  return { id: `mount-${id}`, module: 'mount', source, clean: clean(path), setup, probe: probe(path), ansible: { module: 'ansible.posix.mount', args: { path, ...args } }, corectl: mount(ours as never), ...extra };
}

const TMPFS = { src: 'tmpfs', fstype: 'tmpfs', opts: 'size=1m' };
const cannotKnow = { checkCannotKnow: 'whether the kernel mounts it cannot be tried without mounting it' };

const BIND = { src: '/srv/cm_bindsrc', fstype: 'none', opts: 'bind' };
const bindSource = 'mkdir -p /srv/cm_bindsrc; echo Testing > /srv/cm_bindsrc/test_file';

// 'ansible': the steps of ansible.posix's mount target (a bind mount, again, remounted read-only,
// removed; records present and removed again; boot: no); 'edge': tmpfs, nesting, failures.
export const mountCases: SystemCase[] = [
  mt('bind', 'ansible', 'bind', bindSource, { ...BIND, state: 'mounted' }),
  mt('bind-again', 'ansible', 'bindagain', `${bindSource}; ${configured(point('bindagain'), BIND)}`, { ...BIND, state: 'mounted' }),
  mt('bind-remounted-read-only', 'ansible', 'bindro', `${bindSource}; ${configured(point('bindro'), BIND)}`, { ...BIND, opts: 'bind,ro', state: 'mounted' }),
  mt('bind-absent', 'ansible', 'bindabsent', `${bindSource}; ${configured(point('bindabsent'), BIND)}`, { state: 'absent' }),
  mt('present', 'ansible', 'present', '', { ...TMPFS, state: 'present' }),
  mt('present-again', 'ansible', 'presentok', configured(point('presentok'), TMPFS, false), { ...TMPFS, state: 'present' }),
  mt('absent-again', 'ansible', 'absentmissing', '', { state: 'absent' }),
  mt('boot-false', 'ansible', 'noboot', '', { ...TMPFS, boot: false, state: 'mounted' }),
  mt('tmpfs', 'edge', 'tmpfs', '', { ...TMPFS, state: 'mounted' }),
  mt('tmpfs-options', 'edge', 'tmpfsopts', '', { src: 'tmpfs', fstype: 'tmpfs', opts: 'size=2m,mode=0700,noexec', state: 'mounted' }),
  mt('tmpfs-size-changed', 'edge', 'remount', configured(point('remount'), TMPFS), { ...TMPFS, opts: 'size=2m', state: 'mounted' }),
  mt('mounted-by-hand', 'edge', 'byhand', `mkdir -p ${point('byhand')}; mount -t tmpfs -o size=1m tmpfs ${point('byhand')}`, { ...TMPFS, opts: 'size=3m', state: 'mounted' }),
  mt('nested-mount-point', 'edge', 'nest/a/b', '', { ...TMPFS, state: 'mounted' }),
  mt('unmounted', 'edge', 'unmount', configured(point('unmount'), TMPFS), { state: 'unmounted' }),
  mt('unmounted-already', 'edge', 'unmountok', configured(point('unmountok'), TMPFS, false), { state: 'unmounted' }),
  mt('absent-tmpfs', 'edge', 'absent', configured(point('absent'), TMPFS), { state: 'absent' }),
  mt('absent-not-mounted', 'edge', 'absentnm', configured(point('absentnm'), TMPFS, false), { state: 'absent' }),
  mt('mount-fails', 'edge', 'fails', '', { src: '/dev/cm_nothing', fstype: 'ext4', opts: 'defaults', state: 'mounted' }, cannotKnow),
  mt('mount-fails-nested', 'edge', 'failsnest/x', '', { src: 'tmpfs', fstype: 'nosuchfs', opts: 'defaults', state: 'mounted' }, cannotKnow),
];
