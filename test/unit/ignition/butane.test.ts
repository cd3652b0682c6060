// Butane in: test/fixtures/butane/site.bu holds every part corectl translates; what it must become
// is written out here by hand from the Butane fcos 1.5.0 and Ignition 3.4.0 specs (field names,
// Go's reading of `0644`, inline and local contents, keys read from local files). Everything else
// is refused at its file:line with the field's name, and changes nothing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { file } from '../../../modules/index.ts';
import { ignitionConfigSchema } from '../../../src/ignition/ignition-config.ts';
import { readButane } from '../../../src/ignition/read-butane.ts';
import { renderHost } from '../../../src/ignition/render-host.ts';
import { loadInventory } from '../../../src/inventory/load-inventory.ts';
import { playbook } from '../../../src/playbook/dsl.ts';

const FIXTURE = resolve('test/fixtures/butane/site.bu');
const dir = mkdtempSync(join(tmpdir(), 'corectl-butane-'));
const data = (text: string) => `data:;base64,${Buffer.from(text).toString('base64')}`;
const CORE_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBu1Y0bT2Gm0s0W4sFqYg7bd2b5fQmHkq9Vx6qGg9k1a core@laptop';

function butane(text: string): string {
  const path = join(dir, `b${Math.random().toString(36).slice(2)}.bu`);
  writeFileSync(path, `variant: fcos\nversion: 1.6.0\n${text}`);
  return path;
}

describe('a Butane config as an Ignition fragment', () => {
  it('maps every field it reads as the specs define', () => {
    const { fragment, sensitive } = readButane(FIXTURE);
    expect(fragment).toEqual({
      storage: {
        files: [
          { path: '/etc/motd.d/10-site.motd', mode: 0o644, contents: { source: data('Managed by corectl.\n') } },
          { path: '/etc/chrony.conf', overwrite: true, mode: 0o600, user: { name: 'chrony' }, group: { id: 994 }, contents: { source: data('server ntp1.example.net iburst\n') } },
          // A bare decimal stays decimal; no contents leaves an existing file alone (Ignition's rule).
          { path: '/var/lib/empty-marker', mode: 420 },
        ],
        directories: [{ path: '/etc/site', mode: 0o750 }],
        links: [{ path: '/etc/localtime', overwrite: true, target: '../usr/share/zoneinfo/UTC' }],
      },
      systemd: {
        units: [
          { name: 'site-hello.service', enabled: true, contents: '[Unit]\nDescription=Say hello\n\n[Service]\nType=oneshot\nExecStart=/usr/bin/echo hello\n\n[Install]\nWantedBy=multi-user.target\n' },
          { name: 'zincati.service', dropins: [{ name: '10-quiet.conf', contents: '[Service]\nEnvironment=ZINCATI_VERBOSITY=-v\n' }] },
          { name: 'docker.socket', mask: true },
        ],
      },
      passwd: {
        users: [
          {
            name: 'core',
            sshAuthorizedKeys: [
              CORE_KEY,
              'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKx3mT0Gk8cZ0o1t1yQ9z2Yb3d3bQ1f0Vb6WkJ7o2l8Q ops@one',
              'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHq6b8m9YV6m5Q2l0mK3yq3a0cPj6x1rWm8w9ZC9z0pT ops@two',
            ],
          },
          {
            // `gecos: yes` is the string "yes": Butane reads YAML 1.2 booleans only.
            name: 'backup', uid: 1500, gecos: 'yes', homeDir: '/var/home/backup', primaryGroup: 'backup', groups: ['wheel'], noUserGroup: true, shell: '/bin/bash',
            passwordHash: '$y$j9T$abcdefghijklmnopqrstu.$0123456789abcdefghijklmnopqrstuvwxyzABCD',
          },
        ],
        groups: [{ name: 'backup', gid: 1500 }],
      },
      kernelArguments: { shouldExist: ['mitigations=auto'], shouldNotExist: ['quiet'] },
    });
    expect(sensitive).toBe(true);
  });

  it('merged under a host\'s first-boot config, which Ignition validates; the playbook wins where both write, and says so', async () => {
    writeFileSync(join(dir, 'one.yaml'), 'hosts:\n  web1.example.net: { address: 203.0.113.30, user: core }\n');
    const inventory = await loadInventory(join(dir, 'one.yaml'));
    const pb = playbook((p) => p.play('first boot', { hosts: 'all', firstBoot: true }, (play) => {
      play.task('chrony', file({ path: '/etc/chrony.conf', content: 'pool pool.ntp.org iburst\n' }));
      play.task('motd, as in Butane', file({ path: '/etc/motd.d/10-site.motd', content: 'Managed by corectl.\n', mode: '0644' }));
    }));
    const host = renderHost(pb.plays, inventory, 'web1.example.net', { spec: '3.3.0', butane: [readButane(FIXTURE)] });
    const config = ignitionConfigSchema.parse(host.config);
    const files = Object.fromEntries(config.storage!.files!.map((f) => [f.path, f]));
    expect(files['/etc/chrony.conf']!.contents!.source).toBe(data('pool pool.ntp.org iburst\n'));
    expect(host.notes).toEqual([expect.stringMatching(/^\/etc\/chrony\.conf: task "chrony" replaces what .*site\.bu:12 writes there$/)]);
    // The login user's sudo adds to the Butane user's keys.
    expect(config.passwd!.users!.find((u) => u.name === 'core')).toMatchObject({ groups: ['sudo'], sshAuthorizedKeys: expect.arrayContaining([CORE_KEY]) });
    expect(host.sensitive).toBe(true);
    const path = join(dir, 'merged.ign');
    writeFileSync(path, JSON.stringify(config));
    const validated = spawnSync('ignition-validate', [path], { encoding: 'utf8' });
    expect(validated.status, validated.stdout + validated.stderr).toBe(0);
  });

  it.each([
    ['a part it does not translate', 'storage:\n  disks:\n    - device: /dev/sdb\n', /:4:3: storage\.disks: not a field corectl translates from Butane \(it reads here: files, directories, links\)/],
    ['a remote source', 'storage:\n  files:\n    - path: /etc/x\n      contents:\n        source: https://example.net/x\n', /:7:9: storage\.files\.0\.contents\.source: not a field corectl translates/],
    ['Butane sugar', 'boot_device:\n  mirror:\n    devices: [/dev/sda, /dev/sdb]\n', /:3:1: boot_device: not a field corectl translates/],
    ['another variant', null, /:1:10: variant: corectl reads Butane of variant fcos/],
    ['two entries at one path', 'storage:\n  files:\n    - path: /etc/x\n  links:\n    - path: /etc/x\n      target: /etc/y\n', /:7:13: storage\.links\.0\.path: duplicate: path \/etc\/x is already at line 5/],
    ['inline and local at once', 'storage:\n  files:\n    - path: /etc/x\n      contents: { inline: a, local: files/a }\n', /:6:17: storage\.files\.0\.contents: inline and local are mutually exclusive/],
    ['a local path outside its directory', 'storage:\n  files:\n    - path: /etc/x\n      contents:\n        local: ../../etc/shadow\n', /:7:16: storage\.files\.0\.contents\.local: "\.\.\/\.\.\/etc\/shadow" is outside/],
    ['a mode past 07777', 'storage:\n  files:\n    - path: /etc/x\n      mode: 0o17777\n', /:6:13: storage\.files\.0\.mode: must be a mode up to 07777/],
  ])('refuses %s at its file:line with the field', (_name, body, message) => {
    const path = body === null ? (() => {
      const p = join(dir, 'flatcar.bu');
      writeFileSync(p, 'variant: flatcar\nversion: 1.1.0\n');
      return p;
    })() : butane(body);
    expect(() => readButane(path)).toThrow(message);
  });
});
