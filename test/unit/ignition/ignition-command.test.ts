// `corectl ignition`: the example site's firstBoot play as one Ignition config per host, checked
// by Ignition's own validator (Debian's ignition package), written for the owner only, with the
// user corectl logs in as; and one host's config built from a playbook of every kind of step.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { authorizedKeys, directory, file, systemd, template, user } from '../../../modules/index.ts';
import { PlaybookError } from '../../../src/playbook/playbook-error.ts';
import { ignitionConfigSchema } from '../../../src/ignition/ignition-config.ts';
import { renderHost } from '../../../src/ignition/render-host.ts';
import { loadInventory } from '../../../src/inventory/load-inventory.ts';
import type { TaskContext } from '../../../src/module-api/index.ts';
import { playbook } from '../../../src/playbook/dsl.ts';

const CORECTL = resolve('bin/corectl.js');
const dir = mkdtempSync(join(tmpdir(), 'corectl-ignition-'));
const key = join(dir, 'id_ed25519');
execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ops@laptop', '-f', key]);
const publicKey = readFileSync(`${key}.pub`, 'utf8').trim();

/** The example inventory, logging in with the key made here. */
function exampleInventory(): string {
  const inventory = join(dir, 'inventory');
  cpSync(resolve('inventory'), inventory, { recursive: true });
  const hosts = join(inventory, 'hosts.yaml');
  writeFileSync(hosts, readFileSync(hosts, 'utf8').replace('identityFile: ~/.ssh/id_ed25519', `identityFile: ${key}`));
  return inventory;
}

const decode = (source: string) => Buffer.from(source.replace(/^data:;base64,/, ''), 'base64').toString('utf8');

describe('corectl ignition on the example site', () => {
  const out = join(dir, 'configs');
  const result = spawnSync(process.execPath, [CORECTL, 'ignition', 'playbooks/site.ts', '-i', exampleInventory(), '--out', out], { encoding: 'utf8' });

  it('writes one config per host, for the owner only, that Ignition validates', () => {
    expect(result.status, result.stderr).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toEqual(['bastion.example.net.ign', 'etcd1.example.net.ign', 'etcd2.example.net.ign', 'etcd3.example.net.ign', 'ns1.example.net.ign', 'ns2.example.net.ign', 'web1.example.net.ign']);
    for (const name of files) {
      expect(statSync(join(out, name)).mode & 0o777).toBe(0o600);
      const validated = spawnSync('ignition-validate', [join(out, name)], { encoding: 'utf8' });
      expect(validated.status, `${name}: ${validated.stdout}${validated.stderr}`).toBe(0);
    }
  });

  it('logs the user corectl connects as in with its key, gives it sudo, and names the host', () => {
    const config = ignitionConfigSchema.parse(JSON.parse(readFileSync(join(out, 'ns1.example.net.ign'), 'utf8')));
    expect(config.ignition.version).toBe('3.3.0');
    expect(config.passwd?.users).toEqual([{ name: 'core', sshAuthorizedKeys: [publicKey], groups: ['sudo'] }]);
    const files = Object.fromEntries((config.storage?.files ?? []).map((f) => [f.path, decode(f.contents!.source)]));
    expect(files['/etc/hostname']).toBe('ns1.example.net\n');
    expect(files['/etc/site/host.conf']).toBe('site=lab\nhost=ns1.example.net\n');
    expect(config.systemd?.units?.map((u) => u.name)).toContain('site-heartbeat.service');
  });

  it('merges the site\'s Butane file into every config, and gives ns1 its static address', () => {
    for (const host of ['ns1.example.net', 'web1.example.net']) {
      const config = ignitionConfigSchema.parse(JSON.parse(readFileSync(join(out, `${host}.ign`), 'utf8')));
      expect(config.storage?.files?.map((f) => f.path)).toContain('/etc/zincati/config.d/55-updates-strategy.toml');
      expect(config.kernelArguments).toEqual({ shouldExist: ['console=ttyS0,115200n8'] });
      const keyfile = config.storage?.files?.find((f) => f.path === '/etc/NetworkManager/system-connections/ens2.nmconnection');
      if (host === 'web1.example.net') {
        expect(keyfile).toBeUndefined();
        continue;
      }
      expect(keyfile?.mode).toBe(0o600);
      expect(decode(keyfile!.contents!.source)).toBe([
        '[connection]', 'id=ens2', 'type=ethernet', 'interface-name=ens2', '',
        '[ipv4]', 'address1=203.0.113.10/24,203.0.113.1', 'dns=203.0.113.10;203.0.113.11;', 'dns-search=example.net;', 'may-fail=false', 'method=manual', '',
        '[ipv6]', 'method=auto', '',
      ].join('\n'));
    }
    expect(result.stdout).toMatch(/ns1\.example\.net\.ign: \d+ task\(s\) for first boot on playbooks\/butane\/base\.bu \(Ignition spec 3\.3\.0\)/);
  });

  it('lists what it left to the first corectl run, with the reason', () => {
    expect(result.stdout).toMatch(/left to the first corectl run: Base system \/ chrony configuration: its options read facts \(os\)/);
    expect(result.stdout).toMatch(/left to the first corectl run: Base system \/ no root login over SSH: lineInFile has no first-boot form/);
  });

  it('refuses a playbook with no firstBoot play, and a spec it does not write', () => {
    const none = spawnSync(process.execPath, [CORECTL, 'ignition', 'playbooks/pki.ts', '-i', exampleInventory(), '--out', join(dir, 'none'), '--no-typecheck'], { encoding: 'utf8' });
    expect(none.status).toBe(4);
    expect(none.stderr).toMatch(/has no play or task with firstBoot: true/);
    const spec = spawnSync(process.execPath, [CORECTL, 'ignition', 'playbooks/site.ts', '--out', join(dir, 'none'), '--spec', '3.0.0'], { encoding: 'utf8' });
    expect(spec.status).toBe(4);
    expect(spec.stderr).toMatch(/--spec must be one of 3\.3\.0, 3\.4\.0, 3\.5\.0, got "3\.0\.0"/);
  });
});

describe('one host from every kind of step', () => {
  it('renders tasks in order (a later one at the same path wins), and leaves the rest to the first run with the reason', async () => {
    writeFileSync(join(dir, 'one.yaml'), `defaults:\n  identityFile: ${key}\nhosts:\n  web1.example.net: { address: 203.0.113.30, vars: { port: 8080 } }\n`);
    const inventory = await loadInventory(join(dir, 'one.yaml'));
    const pb = playbook((p) => p.play('first boot', { hosts: 'all', firstBoot: true }, (play) => {
      play.task('app dir', directory({ path: '/etc/app', mode: '0750' }));
      play.task('app conf', file(({ vars }: TaskContext) => ({ path: '/etc/app/app.conf', content: `port=${String(vars.port)}\n` })));
      play.task('os marker', file(({ facts }: TaskContext) => ({ path: '/etc/app/os', content: facts.os.id })));
      play.task('only on Fedora', file({ path: '/etc/app/fedora', content: 'yes\n' }), { when: ({ facts }) => facts.os.id === 'fedora' });
      play.task('app conf again', file({ path: '/etc/app/app.conf', content: 'port=9090\n', mode: '0600' }));
      play.task('token', file({ path: '/etc/app/token', content: 'tok_secret\n', sensitive: true }));
      play.task('app unit', systemd({ unit: 'app.service', content: '[Service]\nExecStart=/bin/true\n', enabled: true, state: 'started' }));
      play.controller('announce', () => undefined);
    }));
    const host = renderHost(pb.plays, inventory, 'web1.example.net', { spec: '3.4.0' });
    expect(host.config.ignition.version).toBe('3.4.0');
    expect(host.rendered).toEqual(['app dir', 'app conf', 'app conf again', 'token', 'app unit']);
    expect(host.leftToRun).toEqual([
      { play: 'first boot', task: 'os marker', reason: expect.stringMatching(/read facts \(os\)/) },
      { play: 'first boot', task: 'only on Fedora', reason: expect.stringMatching(/`when`/) },
      { play: 'first boot', task: 'announce', reason: expect.stringMatching(/controller step/) },
    ]);
    expect(host.sensitive).toBe(true);
    const appConf = host.config.storage!.files!.filter((f) => f.path === '/etc/app/app.conf');
    expect(appConf).toHaveLength(1);
    expect(appConf[0]).toMatchObject({ mode: 0o600, contents: { source: `data:;base64,${Buffer.from('port=9090\n').toString('base64')}` } });
    expect(host.config.storage!.directories).toEqual([{ path: '/etc/app', mode: 0o750 }]);
    expect(host.config.systemd!.units).toEqual([{ name: 'app.service', contents: '[Service]\nExecStart=/bin/true\n', enabled: true }]);
  });
});

describe('first boot task by task, and the inventory\'s network', () => {
  it('renders a task marked firstBoot from a play that is not, and leaves out one marked false from a play that is', async () => {
    writeFileSync(join(dir, 'two.yaml'), `defaults:\n  identityFile: ${key}\nhosts:\n  web1.example.net: {}\n`);
    const inventory = await loadInventory(join(dir, 'two.yaml'));
    const pb = playbook((p) => {
      p.play('later', { hosts: 'all' }, (play) => {
        play.task('run only', file({ path: '/etc/later', content: 'later\n' }));
        play.task('boot too', file({ path: '/etc/early', content: 'early\n' }), { firstBoot: true });
      });
      p.play('boot', { hosts: 'all', firstBoot: true }, (play) => {
        play.task('not at boot', file({ path: '/etc/not-at-boot', content: 'x\n' }), { firstBoot: false });
      });
    });
    const host = renderHost(pb.plays, inventory, 'web1.example.net', { spec: '3.3.0' });
    expect(host.rendered).toEqual(['boot too']);
    expect(host.leftToRun).toEqual([{ play: 'boot', task: 'not at boot', reason: 'firstBoot: false' }]);
    expect(host.config.storage!.files!.map((f) => f.path)).toEqual(['/etc/hostname', '/etc/early']);
  });

  it("says a template that throws, or a src that is not there, is the playbook's mistake, at its line (exit 4), not an internal error", async () => {
    writeFileSync(join(dir, 'three.yaml'), `defaults:\n  identityFile: ${key}\nhosts:\n  web1.example.net: {}\n`);
    const inventory = await loadInventory(join(dir, 'three.yaml'));
    const throwing = playbook((p) => p.play('boot', { hosts: 'all', firstBoot: true }, (play) => {
      play.task('conf', template({ path: '/etc/app.conf', template: ({ vars }) => (vars.missing as string[]).join(',') }));
    }));
    const missing = playbook((p) => p.play('boot', { hosts: 'all', firstBoot: true }, (play) => {
      play.task('motd', file({ path: '/etc/motd', src: join(dir, 'no-such-file') }));
    }));
    for (const [pb, reason] of [[throwing, /template cannot be rendered for first boot: Cannot read properties of undefined/], [missing, /file cannot be rendered for first boot: ENOENT/]] as const) {
      let error: unknown;
      try {
        renderHost(pb.plays, inventory, 'web1.example.net', { spec: '3.3.0' });
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(PlaybookError);
      expect((error as PlaybookError).exitCode).toBe(4);
      expect((error as Error).message).toMatch(/ignition-command\.test\.ts:\d+:\d+: task "(conf|motd)" on web1\.example\.net: /);
      expect((error as Error).message).toMatch(reason);
    }
  });

  it('refuses paths that put something under a file (Ignition validates them, then fails at first boot), naming both tasks', async () => {
    writeFileSync(join(dir, 'four.yaml'), `defaults:\n  identityFile: ${key}\nhosts:\n  web1.example.net: {}\n`);
    const inventory = await loadInventory(join(dir, 'four.yaml'));
    const pb = playbook((p) => p.play('boot', { hosts: 'all', firstBoot: true }, (play) => {
      play.task('app file', file({ path: '/etc/app', content: 'x\n' }));
      play.task('app conf dir', directory({ path: '/etc/app/conf.d' }));
    }));
    expect(() => renderHost(pb.plays, inventory, 'web1.example.net', { spec: '3.3.0' })).toThrow(
      /web1\.example\.net: the first-boot config cannot be applied:\n {2}\/etc\/app is a file \(task "app file"\) and \/etc\/app\/conf\.d would be under it \(task "app conf dir"\)/,
    );
  });

  it("gives authorizedKeys' file and directory the user's primary group, as a run does, and refuses when only the host knows it", async () => {
    writeFileSync(join(dir, 'keys.yaml'), `defaults:\n  identityFile: ${key}\nhosts:\n  web1.example.net: {}\n`);
    const inventory = await loadInventory(join(dir, 'keys.yaml'));
    const keysOf = (account: string) => authorizedKeys({ user: account, path: `/var/home/${account}/.ssh/authorized_keys.d/site`, keys: ['ssh-ed25519 AAAA ops'] });
    const pb = playbook((p) => p.play('boot', { hosts: 'all', firstBoot: true }, (play) => {
      play.task('ops', user({ name: 'ops', group: 'wheel' }));
      play.task('ops keys', keysOf('ops'));
      play.task('app', user({ name: 'app' }));
      play.task('app keys', keysOf('app'));
      play.task('core keys', keysOf('core'));
    }));
    const config = renderHost(pb.plays, inventory, 'web1.example.net', { spec: '3.3.0' }).config;
    const groupOf = (path: string) => [...(config.storage?.files ?? []), ...(config.storage?.directories ?? [])].find((n) => n.path === path)?.group;
    expect(groupOf('/var/home/ops/.ssh/authorized_keys.d/site')).toEqual({ name: 'wheel' });
    expect(groupOf('/var/home/ops/.ssh/authorized_keys.d')).toEqual({ name: 'wheel' });
    expect(groupOf('/var/home/app/.ssh/authorized_keys.d/site')).toEqual({ name: 'app' });
    expect(groupOf('/var/home/core/.ssh/authorized_keys.d/site')).toEqual({ name: 'core' });
    const file = join(dir, 'keys.ign');
    writeFileSync(file, JSON.stringify(config));
    const validated = spawnSync('ignition-validate', [file], { encoding: 'utf8' });
    expect(validated.status, validated.stdout + validated.stderr).toBe(0);

    const unknown = playbook((p) => p.play('boot', { hosts: 'all', firstBoot: true }, (play) => {
      play.task('svc keys', keysOf('svc'));
    }));
    expect(() => renderHost(unknown.plays, inventory, 'web1.example.net', { spec: '3.3.0' })).toThrow(
      /\/var\/home\/svc\/\.ssh\/authorized_keys\.d\/site \(task "svc keys"\) belongs to svc's primary group, which only the host knows/,
    );
  });

  it('refuses a network var it cannot write, naming the file, the field and the host', async () => {
    writeFileSync(join(dir, 'net.yaml'), `hosts:\n  ns9.example.net:\n    vars:\n      corectl_network:\n        - interface: ens2\n          addresses: [203.0.113.9]\n`);
    const inventory = await loadInventory(join(dir, 'net.yaml'));
    expect(() => renderHost([], inventory, 'ns9.example.net', { spec: '3.3.0' }))
      .toThrow(/net\.yaml:\d+:\d+: corectl_network\[0\]\.addresses\[0\]: must be an address with its prefix length, such as 192\.0\.2\.10\/24 \(host ns9\.example\.net\)/);
    writeFileSync(join(dir, 'net6.yaml'), `hosts:\n  ns9.example.net:\n    vars:\n      corectl_network:\n        - { interface: ens2, addresses: ['2001:db8::9/64'], gateway: 203.0.113.1 }\n`);
    const six = await loadInventory(join(dir, 'net6.yaml'));
    expect(() => renderHost([], six, 'ns9.example.net', { spec: '3.3.0' })).toThrow(/corectl_network\[0\]\.gateway: needs an IPv4 address in addresses/);
  });

  it('takes a Butane file from the command line, and refuses one that is not there before writing anything', () => {
    const bu = join(dir, 'extra.bu');
    writeFileSync(bu, 'variant: fcos\nversion: 1.6.0\nstorage:\n  directories:\n    - path: /var/extra\n');
    const out = join(dir, 'with-butane');
    const run = spawnSync(process.execPath, [CORECTL, 'ignition', 'playbooks/site.ts', '-i', exampleInventory(), '--out', out, '--butane', bu, '--limit', 'web1.example.net', '--no-typecheck'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const config = ignitionConfigSchema.parse(JSON.parse(readFileSync(join(out, 'web1.example.net.ign'), 'utf8')));
    expect(config.storage!.directories).toContainEqual({ path: '/var/extra' });
    const missing = spawnSync(process.execPath, [CORECTL, 'ignition', 'playbooks/site.ts', '-i', exampleInventory(), '--out', join(dir, 'never'), '--butane', join(dir, 'nope.bu'), '--no-typecheck'], { encoding: 'utf8' });
    expect(missing.status).toBe(4);
    expect(missing.stderr).toMatch(/nope\.bu: no such Butane file/);
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });
});

describe('host keys made with the configs', () => {
  it('--host-keys puts each host\'s key in its config and its public half in the known_hosts file, under the address corectl connects to', () => {
    const out = join(dir, 'keyed');
    const knownHosts = join(dir, 'keyed_known_hosts');
    const run = spawnSync(process.execPath, [CORECTL, 'ignition', 'playbooks/site.ts', '-i', exampleInventory(), '--out', out, '--limit', 'web1.example.net', '--host-keys', knownHosts, '--no-typecheck'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/web1\.example\.net\.ign: .*holds secrets/);
    expect(run.stdout).toContain(`host keys of 1 host(s) recorded in ${knownHosts}`);
    const config = ignitionConfigSchema.parse(JSON.parse(readFileSync(join(out, 'web1.example.net.ign'), 'utf8')));
    const publicKey = decode(config.storage!.files!.find((f) => f.path === '/etc/ssh/ssh_host_ed25519_key.pub')!.contents!.source).trim();
    expect(readFileSync(knownHosts, 'utf8')).toBe(`203.0.113.30,web1.example.net ${publicKey.split(' ').slice(0, 2).join(' ')}\n`);
    expect(run.stdout).not.toContain('PRIVATE KEY');
  });
});

describe('secrets in first-boot configs', () => {
  it('writes them into the config (0600) and never prints them', () => {
    const cli = (args: string[], env: Record<string, string> = {}) => spawnSync(process.execPath, [CORECTL, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
    const token = `T${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
    const hash = `$6$${Math.random().toString(36).slice(2)}$${'x'.repeat(40)}`;
    const identity = join(dir, 'age-identity.txt');
    const recipient = cli(['secrets', 'keygen', '-o', identity]).stdout.trim();
    const secrets = join(dir, 'first-boot-secrets.yaml');
    writeFileSync(secrets, `token: ${token}\nhash: '${hash}'\n`);
    expect(cli(['secrets', 'encrypt', secrets, '-r', recipient]).status).toBe(0);
    const out = join(dir, 'secret-configs');
    const env = { CORECTL_SECRETS_IDENTITY: identity, CORECTL_TEST_SECRETS_FILE: secrets };
    const run = cli(['ignition', 'test/fixtures/playbooks/first-boot-secrets.ts', '-i', exampleInventory(), '--limit', 'web1.example.net', '--out', out, '--no-typecheck'], env);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/web1\.example\.net\.ign: 2 task\(s\) for first boot, holds secrets/);
    expect(run.stdout).toMatch(/left to the first corectl run: first boot \/ token \*{8} only when: its `when`/);
    for (const value of [token, hash]) expect(run.stdout + run.stderr).not.toContain(value);
    const path = join(out, 'web1.example.net.ign');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const config = ignitionConfigSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
    expect(decode(config.storage!.files!.find((f) => f.path === '/etc/agent/token')!.contents!.source)).toBe(`${token}\n`);
    expect(config.passwd!.users!.find((u) => u.name === 'admin')!.passwordHash).toBe(hash);
  });
});
