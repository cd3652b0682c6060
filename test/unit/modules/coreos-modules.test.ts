// Pure parts of the CoreOS modules: the quadlet unit and Zincati drop-in they write, the quoting
// of unit file values, and options that must be refused before any host is touched.
import { describe, expect, it } from 'vitest';
import { podman, rpmOstree, zincati } from '../../../modules/index.ts';
import type { ModuleCall } from '../../../src/module-api/define-module.ts';
import { quadletUnit } from '../../../modules/podman/container.ts';
import { kubeUnit, kubeYaml } from '../../../modules/podman/kube.ts';
import { podUnit } from '../../../modules/podman/pod.ts';
import { buildUnit } from '../../../modules/podman/build.ts';
import { unitWord } from '../../../modules/podman/unit-values.ts';
import { zincatiToml } from '../../../modules/zincati.ts';

/** The options as the module sees them: validated, defaults applied. */
const parsed = <T>(call: ModuleCall) => call.definition.schema.parse(call.options) as T;

describe('pod and kube units', () => {
  it('a pod holds the ports, volumes and network; its containers name it', () => {
    const unit = podUnit(parsed(podman.pod({ name: 'web', ports: ['8080:80'], volumes: ['/srv/web:/srv:ro,Z'], network: 'front.network' })));
    expect(unit).toBe('# Managed by corectl\n[Unit]\nDescription=web pod\n\n[Pod]\nPodName=web\nPublishPort=8080:80\nVolume=/srv/web:/srv:ro,Z\nNetwork=front.network\n\n[Install]\nWantedBy=multi-user.target default.target\n');
    expect(quadletUnit(parsed(podman.container({ name: 'web-httpd', image: 'x', pod: 'web' })))).toContain('Pod=web.pod\n');
  });

  it('kube objects are written as YAML, one document each; the unit plays the YAML beside it', () => {
    const o = parsed<Parameters<typeof kubeYaml>[0]>(podman.kube({ name: 'web', manifest: [{ kind: 'ConfigMap', metadata: { name: 'a' } }, { kind: 'Pod', metadata: { name: 'web' } }], ports: ['8080:80'], enabled: false }));
    expect(kubeYaml(o)).toBe('kind: ConfigMap\nmetadata:\n  name: a\n---\nkind: Pod\nmetadata:\n  name: web\n');
    expect(kubeUnit(o)).toBe('# Managed by corectl\n[Unit]\nDescription=web (Kubernetes YAML)\n\n[Kube]\nYaml=web.yaml\nPublishPort=8080:80\n');
  });

  it('a build unit builds the Containerfile beside it, in its context, with its build arguments', () => {
    const unit = buildUnit(parsed(podman.build({ name: 'web', tag: 'localhost/site/web:1', containerfile: 'FROM x\n', buildArgs: { VERSION: '1 2' } })));
    expect(unit).toContain('[Build]\nImageTag=localhost/site/web:1\nFile=/etc/containers/systemd/web.Containerfile\nSetWorkingDirectory=/var/lib/corectl/build/web\nPodmanArgs=--build-arg "VERSION=1 2"\nPull=missing\n');
    expect(buildUnit(parsed(podman.build({ name: 'web', tag: 'localhost/w:1', containerfile: 'FROM x\n', context: '/srv/web' })))).toContain('SetWorkingDirectory=/srv/web\n');
  });

  it('a YAML with a Secret makes the task sensitive', () => {
    const call = podman.kube({ name: 's', manifest: 'apiVersion: v1\nkind: Secret\nstringData:\n  token: x\n' });
    expect(call.definition.sensitive!(parsed(call))).toBe(true);
    const plain = podman.kube({ name: 'p', manifest: { kind: 'Pod', metadata: { name: 'p' } } });
    expect(plain.definition.sensitive!(parsed(plain))).toBe(false);
  });
});

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
    ['ports on a container in a pod', podman.container({ name: 'c', image: 'x', pod: 'web', ports: ['80:80'] })],
    ['a network for a container in a pod', podman.container({ name: 'c', image: 'x', pod: 'web', network: 'dns' })],
    ['a pod name with a slash', podman.pod({ name: 'a/b' })],
    ['kube YAML given twice', podman.kube({ name: 'k', manifest: 'kind: Pod\n', src: 'files/k.yaml' })],
    ['kube without YAML', podman.kube({ name: 'k' })],
    ['a prune of nothing', podman.prune({})],
    ['a build without a Containerfile', podman.build({ name: 'b', tag: 'localhost/b:1', containerfile: '' })],
    ['a build context that is relative', podman.build({ name: 'b', tag: 'localhost/b:1', containerfile: 'FROM x\n', context: 'srv' })],
    ['allImages without images', podman.prune({ containers: true, allImages: true })],
  ])('%s', (_, call) => {
    expect(call.definition.schema.safeParse(call.options).success).toBe(false);
  });
});
