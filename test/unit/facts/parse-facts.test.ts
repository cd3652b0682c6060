import { describe, expect, it } from 'vitest';
import { parseFacts } from '../../../src/facts/parse-facts.ts';

// Recorded from a Fedora CoreOS 41 host (trimmed), with an rpm-ostree pending deployment.
const FCOS = [
  '@fact hostname ns1',
  '@fact fqdn ns1.example.net',
  '@fact os_ID fedora',
  '@fact os_VERSION_ID 41',
  '@fact os_VARIANT_ID coreos',
  '@fact os_PRETTY_NAME Fedora CoreOS 41.20250117.3.0',
  '@fact kernel 6.12.9-200.fc41.x86_64',
  '@fact arch x86_64',
  '@fact cpus 2',
  '@fact memkb 4005084',
  '@fact ip_addr [{"ifindex":1,"ifname":"lo","operstate":"UNKNOWN","address":"00:00:00:00:00:00","addr_info":[{"family":"inet","local":"127.0.0.1","prefixlen":8}]},{"ifindex":2,"ifname":"ens3","operstate":"UP","address":"52:54:00:12:34:56","addr_info":[{"family":"inet","local":"203.0.113.10","prefixlen":24},{"family":"inet6","local":"fe80::5054:ff:fe12:3456","prefixlen":64}]}]',
  '@fact ip_route [{"dst":"default","gateway":"203.0.113.1","dev":"ens3","protocol":"dhcp"}]',
  '@fact systemd 256',
  '@fact selinux Enforcing',
  '@fact boot_id 3f1c2d4e-0000-4000-8000-000000000001-1234',
  // rpm-ostree prints its JSON over many lines: the probe puts it between begin and end marks.
  '@fact-begin rpm_ostree',
  '{',
  '  "deployments" : [',
  '    { "booted" : false, "version" : "41.20250201.3.0", "checksum" : "bbb", "requested-packages" : [ "htop" ] },',
  '    { "booted" : true, "version" : "41.20250117.3.0", "checksum" : "aaa", "requested-packages" : [] }',
  '  ]',
  '}',
  '',
  '@fact-end',
  '@fact podman 5.3.1',
  // A handler an earlier run did not get to run, and an entry of a damaged file (dropped).
  '@fact-begin pending_handlers',
  '[{"play":"time","handler":"restart chronyd","playbook":"site.ts","since":"2026-11-30T10:00:00.000Z"},{"play":"x"}]',
  '',
  '@fact-end',
].join('\n');

describe('fact parsing', () => {
  it('reads a Fedora CoreOS probe into typed facts', () => {
    expect(parseFacts(FCOS)).toEqual({
      hostname: 'ns1',
      fqdn: 'ns1.example.net',
      os: { id: 'fedora', versionId: '41', variantId: 'coreos', prettyName: 'Fedora CoreOS 41.20250117.3.0' },
      kernel: '6.12.9-200.fc41.x86_64',
      architecture: 'x86_64',
      cpus: 2,
      memoryMb: 3911,
      interfaces: [
        { name: 'lo', state: 'UNKNOWN', mac: '00:00:00:00:00:00', addresses: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8 }] },
        { name: 'ens3', state: 'UP', mac: '52:54:00:12:34:56', addresses: [{ family: 'inet', local: '203.0.113.10', prefixlen: 24 }, { family: 'inet6', local: 'fe80::5054:ff:fe12:3456', prefixlen: 64 }] },
      ],
      defaultRoute: { gateway: '203.0.113.1', interface: 'ens3' },
      systemdVersion: 256,
      selinux: 'enforcing',
      bootId: '3f1c2d4e-0000-4000-8000-000000000001-1234',
      rpmOstree: { version: '41.20250117.3.0', checksum: 'aaa', layeredPackages: [], pending: { version: '41.20250201.3.0', checksum: 'bbb' } },
      podmanVersion: '5.3.1',
      pendingHandlers: [{ play: 'time', handler: 'restart chronyd', playbook: 'site.ts', since: '2026-11-30T10:00:00.000Z' }],
    });
  });

  it('leaves facts of missing tools absent instead of failing', () => {
    const facts = parseFacts('@fact hostname h\n@fact kernel 6\n@fact arch x86_64\n@fact boot_id x\n@fact ip_addr not-json\n@fact systemd \n');
    expect(facts).toMatchObject({ hostname: 'h', interfaces: [], rpmOstree: undefined, podmanVersion: undefined, selinux: undefined, systemdVersion: undefined, pendingHandlers: [] });
  });

  it('reads SELinux from the kernel file, and a block that is empty or not JSON as absent', () => {
    expect(parseFacts('@fact selinux 0\n').selinux).toBe('permissive');
    expect(parseFacts('@fact selinux 1\n').selinux).toBe('enforcing');
    expect(parseFacts('@fact-begin rpm_ostree\n\n@fact-end\n@fact hostname h\n')).toMatchObject({ rpmOstree: undefined, hostname: 'h' });
    expect(parseFacts('@fact-begin rpm_ostree\nerror: not JSON\n@fact-end\n').rpmOstree).toBeUndefined();
  });
});
