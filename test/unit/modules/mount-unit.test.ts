// The mount module's unit: its name as systemd requires it (compared with systemd-escape itself),
// and the file the fstab generator would make of the same line.
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mount } from '../../../modules/index.ts';
import { mountUnitContent, mountUnitName } from '../../../modules/mount/mount-unit.ts';

const systemdEscape = (path: string) => execFileSync('systemd-escape', ['--path', '--suffix=mount', path], { encoding: 'utf8' }).trim();

describe('mount unit', () => {
  it('is named as systemd-escape --path names it', () => {
    for (const path of ['/var/srv', '/mnt/cm_x', '/var/lib/my-data', '/srv/a.b/.c', '/.hidden', '/mnt//double/', '/mnt/ünï', '/mnt/a:b_c', '/mnt/100%', '/mnt/x@y+z']) {
      expect(mountUnitName(path), path).toBe(systemdEscape(path));
    }
    fc.assert(fc.property(fc.array(fc.stringMatching(/^[a-zA-Z0-9._:%@+é -]{1,8}$/).filter((s) => s !== '.' && s !== '..'), { minLength: 1, maxLength: 4 }), (parts) => {
      const path = `/${parts.join('/')}`;
      expect(mountUnitName(path)).toBe(systemdEscape(path));
    }), { numRuns: 60 });
  });

  it('is required by local-fs.target, or only wanted with nofail; % written as %%', () => {
    const unit = mountUnitContent({ path: '/var/srv', src: 'LABEL=srv', fstype: 'xfs', opts: 'noatime' });
    expect(unit).toContain('What=LABEL=srv\nWhere=/var/srv\nType=xfs\nOptions=noatime\n');
    expect(unit).toMatch(/\[Install\]\nRequiredBy=local-fs.target\n$/);
    expect(mountUnitContent({ path: '/var/srv', src: 'LABEL=srv', fstype: 'xfs', opts: 'noatime,nofail' })).toMatch(/\nWantedBy=local-fs.target\n$/);
    expect(mountUnitContent({ path: '/mnt/100%', src: 'tmpfs', fstype: 'tmpfs', opts: 'size=10%' })).toContain('Where=/mnt/100%%\nType=tmpfs\nOptions=size=10%%\n');
  });

  it('refuses what a unit file cannot hold, and points Ansible users to the new words', () => {
    const parse = (options: Record<string, unknown>) => {
      const result = mount({} as never).definition.schema.safeParse(options);
      return result.success ? undefined : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    };
    expect(parse({ path: '/', src: 'tmpfs', fstype: 'tmpfs', state: 'mounted' })).toMatch(/root file system/);
    expect(parse({ path: '/mnt/a b', src: 'tmpfs', fstype: 'tmpfs', state: 'mounted' })).toMatch(/no whitespace/);
    expect(parse({ path: '/mnt/x', src: 'tmpfs\nExecStart=/bin/sh', fstype: 'tmpfs', state: 'mounted' })).toMatch(/src: must be/);
    expect(parse({ path: '/mnt/x', src: 'tmpfs', fstype: 'tmpfs', opts: 'size=1m mode=1', state: 'mounted' })).toMatch(/opts: must be/);
    expect(parse({ path: '/mnt/x', state: 'mounted' })).toMatch(/src and fstype are required/);
    expect(parse({ path: '/mnt/x', state: 'remounted' })).toMatch(/for Ansible's remounted: mounted/);
    expect(parse({ path: '/mnt/x', state: 'absent', fstab: '/etc/fstab' })).toMatch(/`fstab` is Ansible's name; corectl calls it nothing: corectl keeps a mount as a systemd mount unit/);
    expect(parse({ path: '/mnt/x', state: 'unmounted' })).toBeUndefined();
  });
});
