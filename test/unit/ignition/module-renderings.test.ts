// Each module's first-boot form (its `ignition` hook): the Ignition fragment that leaves a fresh
// host as the module's remote step would, or the reason it is left to the first corectl run.
import { describe, expect, it } from 'vitest';
import { absent, authorizedKeys, directory, file, group, hostname, mount, podman, rpmOstree, symlink, sysctl, systemd, template, timezone, user, zincati } from '../../../modules/index.ts';
import { quadletUnit } from '../../../modules/podman/container.ts';
import { zincatiToml } from '../../../modules/zincati.ts';
import { isNotExpressible } from '../../../src/module-api/ignition-fragment.ts';
import type { ModuleCall, TaskContext } from '../../../src/module-api/index.ts';

const context = { host: 'ns1', vars: { site: 'lab' }, fleet: {} } as unknown as TaskContext;

function render(call: ModuleCall): unknown {
  const { definition } = call;
  const options = definition.schema.parse(typeof call.options === 'function' ? (call.options as (c: TaskContext) => unknown)(context) : call.options);
  try {
    return definition.ignition!(options, { context });
  } catch (error) {
    if (isNotExpressible(error)) return { leftToRun: error.message };
    throw error;
  }
}

const base64 = (text: string) => `data:;base64,${Buffer.from(text).toString('base64')}`;

describe('files', () => {
  it("file: the whole file, its octal mode as the spec's decimal, owners by name or id", () => {
    expect(render(file({ path: '/etc/x.conf', content: 'a=1\n', mode: '0640', owner: 'core', group: '0' }))).toEqual({
      storage: { files: [{ path: '/etc/x.conf', overwrite: true, mode: 0o640, contents: { source: base64('a=1\n') }, user: { name: 'core' }, group: { id: 0 } }] },
    });
    // A new file is 0644, as the remote step makes it.
    expect(render(file({ path: '/etc/y', content: '' }))).toMatchObject({ storage: { files: [{ mode: 0o644 }] } });
  });

  it('file: left to the first run when only metadata, a validate command or a symbolic mode', () => {
    expect(render(file({ path: '/etc/ssh/sshd_config', mode: '0600' }))).toEqual({ leftToRun: expect.stringMatching(/metadata of a file the host already has/) });
    expect(render(file({ path: '/etc/sudoers.d/ops', content: 'x\n', validate: 'visudo -cf %s' }))).toEqual({ leftToRun: expect.stringMatching(/validate command/) });
    expect(render(file({ path: '/etc/x', content: 'x', mode: 'u=rw,g=r,o=' }))).toEqual({ leftToRun: expect.stringMatching(/symbolic mode/) });
  });

  it("template: rendered with the host's vars", () => {
    expect(render(template({ path: '/etc/site', template: ({ vars, host }) => `${String(vars.site)} ${host}\n` }))).toMatchObject({
      storage: { files: [{ path: '/etc/site', contents: { source: base64('lab ns1\n') } }] },
    });
  });

  it('directory, symlink, hostname', () => {
    expect(render(directory({ path: '/etc/coredns', mode: '0750', owner: 'root' }))).toEqual({ storage: { directories: [{ path: '/etc/coredns', mode: 0o750, user: { name: 'root' } }] } });
    expect(render(directory({ path: '/srv', recurse: true }))).toEqual({ leftToRun: expect.stringMatching(/recurse/) });
    // Without force, the run refuses to replace a file with the link: Ignition is not let either.
    expect(render(symlink({ path: '/etc/localtime', target: '/usr/share/zoneinfo/UTC' }))).toEqual({ storage: { links: [{ path: '/etc/localtime', target: '/usr/share/zoneinfo/UTC', overwrite: false }] } });
    expect(render(symlink({ path: '/etc/localtime', target: '/usr/share/zoneinfo/UTC', force: true }))).toMatchObject({ storage: { links: [{ overwrite: true }] } });
    expect(render(hostname({ name: 'ns1.example.net' }))).toMatchObject({ storage: { files: [{ path: '/etc/hostname', contents: { source: base64('ns1.example.net\n') } }] } });
  });

  it('absent is left to the first run', () => {
    expect(render(absent({ path: '/etc/motd' }))).toEqual({ leftToRun: expect.stringMatching(/cannot remove/) });
  });
});

describe('system', () => {
  it('systemd: the unit file, enabled or masked; a state boot gives', () => {
    expect(render(systemd({ unit: 'x.service', content: '[Service]\nExecStart=/bin/true\n', enabled: true, state: 'started' }))).toEqual({
      systemd: { units: [{ name: 'x.service', contents: '[Service]\nExecStart=/bin/true\n', enabled: true }] },
    });
    expect(render(systemd({ unit: 'y.service', masked: true }))).toEqual({ systemd: { units: [{ name: 'y.service', mask: true }] } });
    expect(render(systemd({ unit: 'z.service', enabled: false, state: 'stopped' }))).toEqual({ systemd: { units: [{ name: 'z.service', enabled: false }] } });
  });

  it("systemd: left to the first run when boot does not give the state, or for a user's manager", () => {
    expect(render(systemd({ unit: 'x.service', state: 'started' }))).toEqual({ leftToRun: expect.stringMatching(/without enabled: true/) });
    expect(render(systemd({ unit: 'x.service', state: 'stopped' }))).toEqual({ leftToRun: expect.stringMatching(/state stopped/) });
    expect(render(systemd({ unit: 'x.service', scope: 'user', enabled: true }))).toEqual({ leftToRun: expect.stringMatching(/scope user/) });
    // daemon-reload alone has nothing to write.
    expect(render(systemd({ daemonReload: true }))).toEqual({});
  });

  it('sysctl: its own file in /etc/sysctl.d, as the run writes it', () => {
    expect(render(sysctl({ name: 'net.ipv4.ip_forward', value: true }))).toMatchObject({
      storage: { files: [{ path: '/etc/sysctl.d/90-corectl-net.ipv4.ip_forward.conf', mode: 0o644, contents: { source: base64('net.ipv4.ip_forward = 1\n') } }] },
    });
    expect(render(sysctl({ name: 'vm.swappiness', value: 10, file: '/etc/sysctl.d/99-site.conf' }))).toEqual({ leftToRun: expect.stringMatching(/shared/) });
    expect(render(sysctl({ name: 'vm.swappiness', state: 'absent' }))).toEqual({ leftToRun: expect.stringMatching(/cannot remove/) });
  });

  it('rpm-ostree: kernel arguments as whole arguments; packages left to the first run', () => {
    expect(render(rpmOstree.kargs({ present: ['mitigations=auto'], absent: ['quiet=1'] }))).toEqual({ kernelArguments: { shouldExist: ['mitigations=auto'], shouldNotExist: ['quiet=1'] } });
    expect(render(rpmOstree.kargs({ absent: ['quiet'] }))).toEqual({ leftToRun: expect.stringMatching(/every value of a key/) });
    expect(render(rpmOstree.kargs({ replace: ['console=ttyS0'] }))).toEqual({ leftToRun: expect.stringMatching(/replace/) });
    expect(render(rpmOstree.packages({ present: ['htop'] }))).toEqual({ leftToRun: expect.stringMatching(/cannot layer packages/) });
  });
});

describe('accounts', () => {
  it('user: the account as Ignition adds or changes it, the hash included', () => {
    expect(render(user({ name: 'etcd', uid: 990, group: 'etcd', groups: ['sudo'], comment: 'etcd server', home: '/var/lib/etcd', createHome: false, shell: '/sbin/nologin', password: '$6$salt$hash', system: true }))).toEqual({
      passwd: { users: [{ name: 'etcd', uid: 990, primaryGroup: 'etcd', groups: ['sudo'], gecos: 'etcd server', homeDir: '/var/lib/etcd', noCreateHome: true, shell: '/sbin/nologin', passwordHash: '$6$salt$hash', system: true }] },
    });
    expect(user({ name: 'x', password: '$6$a$b' }).definition.sensitive!({ password: '$6$a$b' })).toBe(true);
  });

  it('user: left to the first run for what Ignition cannot say the same way', () => {
    expect(render(user({ name: 'ops', state: 'absent' }))).toEqual({ leftToRun: expect.stringMatching(/cannot remove/) });
    expect(render(user({ name: 'ops', groups: ['sudo'], append: true }))).toEqual({ leftToRun: expect.stringMatching(/append/) });
    expect(render(user({ name: 'ops', authorizedKeys: ['ssh-ed25519 AAAA ops'] }))).toEqual({ leftToRun: expect.stringMatching(/authorized_keys\.d\/ignition/) });
    expect(render(user({ name: 'ops', password: '$6$a$b', updatePassword: 'onCreate' }))).toEqual({ leftToRun: expect.stringMatching(/onCreate/) });
    expect(render(user({ name: 'ops', group: '1000' }))).toEqual({ leftToRun: expect.stringMatching(/by gid/) });
  });

  it('group: added by Ignition; absent is left to the first run', () => {
    expect(render(group({ name: 'etcd', gid: 990, system: true }))).toEqual({ passwd: { groups: [{ name: 'etcd', gid: 990, system: true }] } });
    expect(render(group({ name: 'old', state: 'absent' }))).toEqual({ leftToRun: expect.stringMatching(/cannot remove/) });
  });

  it("authorizedKeys: the file where the task says, the user's, 0600 in a 0700 directory", () => {
    const path = '/var/home/core/.ssh/authorized_keys.d/site';
    expect(render(authorizedKeys({ user: 'core', path, keys: ['ssh-ed25519 AAAA ops@laptop'], keyOptions: 'no-port-forwarding' }))).toEqual({
      storage: {
        files: [{ path, overwrite: true, mode: 0o600, contents: { source: base64('no-port-forwarding ssh-ed25519 AAAA ops@laptop\n') }, user: { name: 'core' }, group: { primaryGroupOf: 'core' } }],
        directories: [{ path: '/var/home/core/.ssh/authorized_keys.d', mode: 0o700, user: { name: 'core' }, group: { primaryGroupOf: 'core' } }],
      },
    });
    expect(render(authorizedKeys({ user: 'core', keys: ['ssh-ed25519 AAAA ops'] }))).toEqual({ leftToRun: expect.stringMatching(/home directory/) });
  });
});

describe('time', () => {
  it("timezone: /etc/localtime linked as Fedora CoreOS documents it; the RTC mode is left to the first run", () => {
    expect(render(timezone({ name: 'Europe/Paris' }))).toEqual({ storage: { links: [{ path: '/etc/localtime', target: '../usr/share/zoneinfo/Europe/Paris', overwrite: true }] } });
    expect(render(timezone({ name: 'Europe/Paris', hwclock: 'local' }))).toEqual({ leftToRun: expect.stringMatching(/timedatectl/) });
  });
});

describe('mounts', () => {
  it('mount: its unit, enabled when mounted at boot; what a running host has mounted is left to the first run', () => {
    const rendered = render(mount({ path: '/var/srv', src: 'LABEL=srv', fstype: 'xfs', state: 'mounted' })) as { systemd: { units: { name: string; enabled: boolean; contents: string }[] } };
    expect(rendered.systemd.units).toEqual([{ name: 'var-srv.mount', enabled: true, contents: expect.stringContaining('What=LABEL=srv\nWhere=/var/srv\nType=xfs\n') }]);
    expect(render(mount({ path: '/var/srv', src: 'LABEL=srv', fstype: 'xfs', state: 'present', boot: false }))).toMatchObject({ systemd: { units: [{ enabled: false }] } });
    expect(render(mount({ path: '/var/srv', src: 'LABEL=srv', fstype: 'xfs', state: 'mounted', boot: false }))).toEqual({ leftToRun: expect.stringMatching(/not at boot/) });
    expect(render(mount({ path: '/var/srv', state: 'absent' }))).toEqual({ leftToRun: expect.stringMatching(/running host/) });
  });
});

describe('Fedora CoreOS', () => {
  it('podman.container: the quadlet file the run writes; a state boot does not give is left', () => {
    const options = { name: 'coredns', image: 'docker.io/coredns/coredns:1.12.0', ports: ['53:53/udp'] };
    const unit = quadletUnit(podman.container(options).definition.schema.parse(options) as Parameters<typeof quadletUnit>[0]);
    expect(render(podman.container(options))).toEqual({ storage: { files: [{ path: '/etc/containers/systemd/coredns.container', overwrite: true, mode: 0o644, contents: { source: base64(unit) } }] } });
    expect(render(podman.container({ ...options, enabled: false }))).toEqual({ leftToRun: expect.stringMatching(/not enabled/) });
    expect(render(podman.container({ ...options, enabled: false, state: 'stopped' }))).toMatchObject({ storage: { files: [{ path: '/etc/containers/systemd/coredns.container' }] } });
  });

  it('zincati.config: its drop-in', () => {
    const options = { strategy: 'fleet_lock' as const, fleetLock: { baseUrl: 'http://airlock.example.net:3333' } };
    const toml = zincatiToml(zincati.config(options).definition.schema.parse(options) as Parameters<typeof zincatiToml>[0]);
    expect(render(zincati.config(options))).toEqual({ storage: { files: [{ path: '/etc/zincati/config.d/90-corectl.toml', overwrite: true, mode: 0o644, contents: { source: base64(toml) } }] } });
  });
});

describe('podman pods, Kubernetes YAML and builds', () => {
  it('their quadlet units, the YAML root\'s alone, a build with its empty context; a state boot would not keep is left to the first run', () => {
    const files = (call: ModuleCall) => (render(call) as { storage: { files: { path: string; mode: number }[] } }).storage.files.map((f) => `${f.path} ${f.mode.toString(8)}`);
    expect(files(podman.pod({ name: 'web', ports: ['8080:80'] }))).toEqual(['/etc/containers/systemd/web.pod 644']);
    expect(files(podman.kube({ name: 'web', manifest: { kind: 'Pod', metadata: { name: 'web' } } }))).toEqual(['/etc/containers/systemd/web.yaml 600', '/etc/containers/systemd/web.kube 644']);
    expect(render(podman.build({ name: 'web', tag: 'localhost/web:1', containerfile: 'FROM x\n' }))).toMatchObject({ storage: { directories: [{ path: '/var/lib/corectl/build/web' }] } });
    expect(render(podman.kube({ name: 'web', manifest: 'kind: Pod\n', state: 'stopped' }))).toEqual({ leftToRun: 'stopped but enabled: boot would start it' });
    expect(render(podman.pod({ name: 'web', enabled: false }))).toEqual({ leftToRun: 'started but not enabled: boot starts only what is enabled' });
    expect(render(file({ path: '/etc/x', src: '/usr/share/x', remoteSrc: true }))).toEqual({ leftToRun: 'it copies a file the host has, and Ignition writes only what its config holds' });
  });
});
