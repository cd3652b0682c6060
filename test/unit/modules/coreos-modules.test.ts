// Pure parts of the CoreOS modules: the quadlet unit and Zincati drop-in they write, the quoting
// of unit file values, and options that must be refused before any host is touched.
import { describe, expect, it } from 'vitest';
import { podman, rpmOstree, zincati } from '../../../modules/index.ts';
import type { ModuleCall } from '../../../src/module-api/define-module.ts';
import { quadletUnit } from '../../../modules/podman/container.ts';
import { unitWord } from '../../../modules/podman/unit-values.ts';
import { zincatiToml } from '../../../modules/zincati.ts';

/** The options as the module sees them: validated, defaults applied. */
const parsed = <T>(call: ModuleCall) => call.definition.schema.parse(call.options) as T;

describe('quadlet unit', () => {
  it('writes every option as its quadlet key, quoting what systemd would split or expand', () => {
    const unit = quadletUnit(parsed(podman.container({
      name: 'coredns', image: 'docker.io/coredns/coredns:1.12.0', exec: ['-conf', '/etc/coredns/Corefile'],
      ports: ['53:53/udp', '53:53/tcp'], volumes: ['/etc/coredns:/etc/coredns:ro,Z'],
      environment: { MOTD: 'say "hi" 100%' }, network: 'dns.network', autoUpdate: 'registry',
      healthCheck: { command: 'dig @127.0.0.1 example' },
    })));
    expect(unit).toContain('Requires=dns-network.service');
    expect(unit).toContain('PublishPort=53:53/udp\nPublishPort=53:53/tcp\n');
    expect(unit).toContain('Environment="MOTD=say \\"hi\\" 100%%"\n');
    expect(unit).toContain('HealthCmd="dig @127.0.0.1 example"\nHealthInterval=30s\nAutoUpdate=registry\n');
    expect(unit).toContain('Exec=-conf /etc/coredns/Corefile\n');
    expect(unit).toContain('[Install]\nWantedBy=multi-user.target default.target\n');
  });

  it('quotes words for unit files', () => {
    expect(unitWord('plain')).toBe('plain');
    expect(unitWord('two words')).toBe('"two words"');
    expect(unitWord('back\\slash')).toBe('"back\\\\slash"');
    expect(unitWord('')).toBe('""');
  });
});

describe('zincati drop-in', () => {
  it('renders fleet_lock and wariness as Zincati reads them', () => {
    const options = parsed<Parameters<typeof zincatiToml>[0]>(zincati.config({ strategy: 'fleet_lock', fleetLock: { baseUrl: 'http://airlock.example.net:3333' }, rolloutWariness: 0.5 }));
    expect(zincatiToml(options)).toBe('# Managed by corectl\n[updates]\nenabled = true\nstrategy = "fleet_lock"\n\n[updates.fleet_lock]\nbase_url = "http://airlock.example.net:3333"\n\n[identity]\nrollout_wariness = 0.5\n');
  });
});

describe('options refused before any host is touched', () => {
  it.each([
    ['a package with a command in it', rpmOstree.packages({ present: ['htop; reboot'] })],
    ['a package that is an option', rpmOstree.packages({ present: ['--reboot'] })],
    ['a ref with a space', rpmOstree.rebase({ ref: 'fedora:x y' })],
    ['a karg with a quote', rpmOstree.kargs({ present: ["a='b'"] })],
    ['replace without a value', rpmOstree.kargs({ replace: ['console'] })],
    ['an image with a space', podman.image({ ref: 'quay.io/x y' })],
    ['a container name with a slash', podman.container({ name: '../etc', image: 'x' })],
    ['a unit value with a newline', podman.container({ name: 'c', image: 'x', exec: ['a\nExecStartPre=/bin/evil'] })],
    ['a port that is not a port', podman.container({ name: 'c', image: 'x', ports: ['53:53/sctp'] })],
    ['a secret without a value', podman.secret({ name: 's' })],
  ])('%s', (_, call) => {
    expect(call.definition.schema.safeParse(call.options).success).toBe(false);
  });
});
