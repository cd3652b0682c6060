// mount: a file system mounted at a path, now and at boot, as Ansible's ansible.posix.mount, kept
// the Fedora CoreOS way: a systemd mount unit in /etc/systemd/system (what the fstab generator
// makes of a line), not an fstab line.
import { z } from 'zod';
import { absolutePathSchema, contentHash, defineModule, moduleOptions, shellScript } from 'corectl/module';
import script from './mount.sh';
import { mountUnitContent, mountUnitName } from './mount-unit.ts';

/** One word of a mount unit: no whitespace (systemd would trim or split it), no backslash (an escape), no NUL. */
const unitWord = (what: string) => z.string().min(1).regex(/^[^\s\\\0]+$/, `must be ${what} without whitespace or backslashes`);

const schema = moduleOptions('mount', {
  /** The mount point. @example '/var/srv' */
  path: absolutePathSchema.refine((p) => p.replace(/\/+$/, '') !== '', 'must not be the root file system').refine((p) => !/[\s\\]/.test(p), 'must have no whitespace or backslashes'),
  /** What is mounted: a device, `LABEL=…`, `UUID=…`, a directory (with opts `bind`), `tmpfs`, `server:/export`. @example '/dev/disk/by-label/srv' */
  src: unitWord('a device, label, directory or file system name').optional(),
  /** The file system type. @example 'xfs' */
  fstype: unitWord('a file system type').regex(/^[a-z0-9._+-]+$/, 'must be a file system type like xfs or tmpfs').optional(),
  /** Mount options, comma-separated, as mount(8) takes them. @example 'noatime,nofail' */
  opts: unitWord('mount options').default('defaults'),
  /**
   * mounted: the unit written and enabled, and the file system mounted (remounted in place when
   * the options change); present: the unit written and enabled, not mounted now; unmounted:
   * unmounted now, the unit left; absent: unmounted, the unit removed, the mount point removed.
   */
  state: z.enum(['mounted', 'present', 'unmounted', 'absent'], {
    error: () => "must be mounted, present, unmounted or absent (for Ansible's remounted: mounted, which remounts when the options change; ephemeral: mounted with boot: false; absent_from_fstab: absent)",
  }),
  /** Mounted at boot (the unit enabled). */
  boot: z.boolean().default(true),
}, {
  name: '`path`',
  fstab: 'nothing: corectl keeps a mount as a systemd mount unit, not an fstab line',
  dump: 'nothing: a mount unit has no dump field', passno: 'nothing: a mount unit has no fsck pass number', backup: 'nothing: there is no fstab to back up',
}).refine((o) => !['mounted', 'present'].includes(o.state) || (o.src !== undefined && o.fstype !== undefined), 'src and fstype are required with state mounted or present');

type Options = z.output<typeof schema>;
const unit = (o: Options) => mountUnitContent({ path: o.path, src: o.src!, fstype: o.fstype!, opts: o.opts });

/**
 * @example mount({ path: '/var/srv', src: '/dev/disk/by-label/srv', fstype: 'xfs', state: 'mounted' })
 * @example mount({ path: '/var/cache/build', src: 'tmpfs', fstype: 'tmpfs', opts: 'size=2g,mode=0755', state: 'mounted' })
 */
export const mount = defineModule({
  name: 'mount',
  ansible: 'ansible.posix.mount',
  schema,
  describe: (o) => (o.src === undefined ? `${o.path} (${o.state})` : `${o.src} on ${o.path} (${o.state})`),
  remote: (o, env) => {
    const content = o.state === 'mounted' || o.state === 'present' ? unit(o) : '';
    return { stdin: content, lazyStdin: true, script: shellScript(script, o.path, mountUnitName(o.path), content ? contentHash(content) : '', env.diff, o.state, o.boot, o.src ?? '', o.fstype ?? '', o.opts) };
  },
  // At first boot the unit is enough: systemd mounts an enabled mount unit before local-fs.target.
  ignition: (o) => {
    if (o.state === 'mounted' && !o.boot) return { leftToRun: 'mounted now but not at boot: only a running host can be told that' };
    if (o.state === 'unmounted' || o.state === 'absent') return { leftToRun: `state ${o.state} is about what a running host has mounted` };
    return { systemd: { units: [{ name: mountUnitName(o.path), enabled: o.boot, contents: unit(o) }] } };
  },
});
