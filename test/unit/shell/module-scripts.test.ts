// Golden scripts: what each module sends to a host for a few option sets, pinned in
// test/unit/shell/golden/ (pyinfra pins every operation's commands the same way). A change in what
// runs on hosts shows in review without a test host; `npx vitest run -u test/unit/shell` records
// an intended one. Every emitted script also parses in sh and bash, and carries no JavaScript word
// a dead branch could leak (`undefined`, `NaN`, `[object Object]`).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModuleCall, StepEnv, TaskContext } from '../../../src/module-api/index.ts';
import {
  absent, authorizedKeys, blockInFile, command, copyTree, directory, file, group, hardlink, hostname, lineInFile, podman, reboot, rpmOstree,
  secretFile, shell, slurp, stat, mount, symlink, sysctl, systemd, template, timezone, touch, uri, getUrl, user, waitFor, x509, zincati,
} from '../../../modules/index.ts';
import { MODULE_FUNCTIONS, stepHeader } from '../../../src/module-api/shell-prelude.ts';
import { PROBE_SCRIPT } from '../../../src/facts/probe-script.ts';
import { SESSION_RUNNER } from '../../../src/connection/shell-session.ts';
import { runLockScript } from '../../../src/connection/run-lock.ts';

const context: TaskContext = {
  host: 'node1',
  fleet: {},
  vars: {},
  facts: {
    hostname: 'node1', os: { id: 'fedora', variantId: 'coreos' }, kernel: '6.12.0', architecture: 'x86_64', interfaces: [],
    bootId: 'b00t-1', pendingHandlers: [], rpmOstree: { layeredPackages: ['htop'] }, podmanVersion: '5.4.2',
  },
  check: false,
  rebootRequired: undefined,
  result: () => undefined,
};

// Values chosen to need quoting: a quote, a space, a `$`.
const CASES: Record<string, ModuleCall<unknown>> = {
  'absent': absent({ path: "/etc/it's here" }),
  'command-argv': command({ argv: ['systemctl', 'restart', 'chronyd'] }),
  'command-creates': command({ argv: ['touch', '/etc/done'], creates: '/etc/done' }),
  'command-removes': command({ argv: ['rm', '/etc/old'], removes: '/etc/old' }),
  'shell': shell({ script: 'journalctl -u chronyd | tail -n 5' }),
  'directory': directory({ path: '/etc/coredns', mode: '0755' }),
  'stat': stat({ path: "/etc/it's here", follow: true, checksum: 'sha256' }),
  'slurp': slurp({ path: "/etc/it's here" }),
  'secret-file': secretFile({ path: '/run/secrets/app/token', content: 'not-a-real-secret', owner: 'app', mode: '0440' }),
  'secret-file-unkept': secretFile({ path: '/run/secrets/app/token', content: 'not-a-real-secret', persist: false }),
  'secret-file-absent': secretFile({ path: '/run/secrets/app/token', state: 'absent' }),
  'wait-for-port': waitFor({ port: 8080, host: 'ns1.example.net', timeout: 60 }),
  'wait-for-path': waitFor({ path: "/run/it's ready", state: 'absent', delay: 2 }),
  'directory-recurse': directory({ path: '/srv/www $x', owner: 'www', group: 'www', mode: 'u=rwX,g=rX,o=', recurse: true }),
  'file-content': file({ path: '/etc/chrony.conf', content: 'pool pool.ntp.org iburst\n', mode: '0644' }),
  'file-metadata': file({ path: '/etc/ssh/sshd_config', mode: '0600', owner: 'root' }),
  'hardlink': hardlink({ path: '/etc/ssl/certs/site.pem', target: '/etc/pki/site.pem' }),
  'touch': touch({ path: '/etc/cloud/cloud-init.disabled', modificationTime: 'preserve', accessTime: 'preserve' }),
  'symlink': symlink({ path: '/etc/localtime', target: '/usr/share/zoneinfo/UTC' }),
  'symlink-force': symlink({ path: '/etc/it is', target: "../it's", force: true }),
  'sysctl': sysctl({ name: 'net.ipv4.ip_forward', value: 1 }),
  'sysctl-file': sysctl({ name: 'net.core.somaxconn', value: 4096, file: '/etc/sysctl.d/99-site.conf' }),
  'timezone': timezone({ name: 'Europe/Paris', hwclock: 'UTC' }),
  'getUrl': getUrl({ url: 'https://example.net/tool', path: '/usr/local/bin/tool', mode: '0755', checksum: 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }),
  'uri': uri({ url: 'http://127.0.0.1:8080/healthz', statusCode: [200, 204] }),
  'mount': mount({ path: '/var/srv', src: 'LABEL=srv', fstype: 'xfs', opts: 'noatime', state: 'mounted' }),
  'systemd-started': systemd({ unit: 'chronyd.service', enabled: true, state: 'started' }),
  'systemd-content': systemd({ unit: 'site-report.service', content: '[Service]\nExecStart=/usr/local/bin/report\n', enabled: true }),
  'systemd-reload': systemd({ daemonReload: true }),
  'template': template({ path: '/etc/motd', template: ({ host }) => `welcome to ${host}\n` }),
  'user': user({ name: 'ops', groups: ['wheel'], shell: '/bin/bash', authorizedKeys: ['ssh-ed25519 AAAA ops@laptop'] }),
  'user-absent': user({ name: 'olduser', state: 'absent', remove: true }),
  'group': group({ name: 'etcd', system: true }),
  'group-absent': group({ name: 'old-team', state: 'absent' }),
  'authorized-keys': authorizedKeys({ user: 'core', keys: ['ssh-ed25519 AAAA ops@laptop'] }),
  'hostname': hostname({ name: 'ns1.example.net' }),
  'line-in-file': lineInFile({ path: '/etc/ssh/sshd_config', regexp: '^#?\\s*PermitRootLogin\\b', line: 'PermitRootLogin no' }),
  'block-in-file': blockInFile({ path: '/etc/hosts', block: '203.0.113.10 ns1\n', marker: '# {mark} CORECTL HOSTS' }),
  'rpm-ostree-packages': rpmOstree.packages({ present: ['htop'], absent: ['nano'] }),
  'rpm-ostree-kargs': rpmOstree.kargs({ present: ['mitigations=auto'], absent: ['quiet'] }),
  'rpm-ostree-rebase': rpmOstree.rebase({ ref: 'fedora:fedora/x86_64/coreos/testing' }),
  'rpm-ostree-upgrade': rpmOstree.upgrade(),
  'reboot': reboot(),
  'zincati': zincati.config({ strategy: 'periodic', periodic: { windows: [{ days: ['Sat'], startTime: '23:30', lengthMinutes: 60 }] } }),
  'podman-image': podman.image({ ref: 'docker.io/coredns/coredns:1.12.0' }),
  'podman-container': podman.container({ name: 'coredns', image: 'docker.io/coredns/coredns:1.12.0', ports: ['53:53/udp'] }),
  'copy-tree': copyTree({ path: '/etc/app', src: 'test/fixtures/copy-tree/', mode: '0640', directoryMode: '0750', delete: true }),
  'podman-login': podman.login({ registry: 'registry.example.com', username: 'fleet', password: 'not-a-real-secret', authFile: '/root/.config/containers/auth.json' }),
  'file-remote-src': file({ path: '/etc/app.conf', src: '/usr/share/app/app.conf', remoteSrc: true, mode: '0644' }),
  'podman-build': podman.build({ name: 'web', tag: 'localhost/site/web:1', containerfile: 'FROM quay.io/fedora/fedora:41\n' }),
  'podman-pod': podman.pod({ name: 'web', ports: ['8080:80'] }),
  'podman-prune': podman.prune({ containers: true, images: true, allImages: true }),
  'podman-kube': podman.kube({ name: 'web', manifest: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' } } }),
  'podman-network': podman.network({ name: 'dns', subnet: '10.89.10.0/24' }),
  'podman-volume': podman.volume({ name: 'coredns-data' }),
  'podman-secret': podman.secret({ name: 'tsig-key', value: 'not-a-real-secret' }),
  'x509-ca-trust': x509.caTrust({ ca: 'etcd' }),
  'x509-certificate': x509.certificate({ ca: 'etcd', key: { path: '/etc/etcd/peer.key' }, cert: { path: '/etc/etcd/peer.crt' }, subject: { CN: 'etcd-1' }, sans: { dns: ['etcd-1.lab'] }, usages: ['serverAuth', 'clientAuth'] }),
};

/** The second step a module's controller asks for, given what its first step reported. */
const SECOND_STEPS: Record<string, { call: ModuleCall<unknown>; data: Record<string, string> }> = {
  'sysctl-apply': { call: sysctl({ name: 'net.core.somaxconn', value: 4096, file: '/etc/sysctl.d/99-site.conf' }), data: { known: '1', now: '128' } },
  'sysctl-remove': { call: sysctl({ name: 'net.core.somaxconn', state: 'absent' }), data: { known: '1', now: '128', file: Buffer.from('net.core.somaxconn = 4096\n').toString('base64') } },
  'line-in-file-write': {
    call: lineInFile({ path: '/etc/ssh/sshd_config', regexp: '^#?\\s*PermitRootLogin\\b', line: 'PermitRootLogin no', validate: 'sshd -t -f %s', backup: true }),
    data: { content: Buffer.from('PermitRootLogin yes\n').toString('base64') },
  },
  'authorized-keys-write': { call: authorizedKeys({ user: 'core', keys: ['ssh-ed25519 AAAA ops@laptop'] }), data: { path: '/var/home/core/.ssh/authorized_keys' } },
};

function firstStep(call: ModuleCall<unknown>, check: boolean): { script: string; stdin?: string | Buffer } {
  const { definition } = call;
  const raw = typeof call.options === 'function' ? (call.options as (c: TaskContext) => unknown)(context) : call.options;
  const options = definition.schema.parse(raw);
  const env: StepEnv = { check, diff: true, context: { ...context, check } };
  return definition.remote!(options, env);
}

function parses(shellName: 'sh' | 'bash', script: string): string {
  try {
    execFileSync(shellName, ['-n'], { input: script, stdio: ['pipe', 'pipe', 'pipe'] });
    return 'ok';
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error);
  }
}

// x509.caTrust reads its CA's chain from the PKI directory: a fixed one, so its hash is too.
const pki = mkdtempSync(join(tmpdir(), 'corectl-golden-pki-'));
beforeAll(() => {
  mkdirSync(join(pki, 'etcd'));
  writeFileSync(join(pki, 'etcd', 'chain.crt'), '-----BEGIN CERTIFICATE-----\nZ29sZGVu\n-----END CERTIFICATE-----\n');
  process.env.CORECTL_PKI_DIR = pki;
});
afterAll(() => {
  delete process.env.CORECTL_PKI_DIR;
  rmSync(pki, { recursive: true, force: true });
});

describe('the scripts modules send', () => {
  for (const [name, call] of Object.entries(CASES)) {
    it(`${name}`, async () => {
      const step = firstStep(call, false);
      const checkStep = firstStep(call, true);
      // The whole step as the session runs it: the library, the header, the module's script.
      const whole = `${MODULE_FUNCTIONS}${stepHeader(false, true, 'n0nce')}${step.script}`;
      expect(parses('sh', whole)).toBe('ok');
      expect(parses('bash', whole)).toBe('ok');
      expect(step.script).not.toMatch(/\bundefined\b|\bNaN\b|\[object /);
      expect(checkStep.script).toBe(step.script);
      await expect(step.script).toMatchFileSnapshot(`golden/${name}.sh`);
    });
  }

  for (const [name, { call, data }] of Object.entries(SECOND_STEPS)) {
    it(`${name} (second step)`, async () => {
      const { definition } = call;
      const options = definition.schema.parse(call.options);
      const output = { exitCode: 0, changed: false, messages: [], diff: {}, data, stdout: '', stderr: '' };
      const outcome = await definition.controller!(output, options, { check: false, diff: true, context });
      const script = outcome.next!.script;
      const whole = `${MODULE_FUNCTIONS}${stepHeader(false, true, 'n0nce')}${script}`;
      expect(parses('sh', whole)).toBe('ok');
      expect(parses('bash', whole)).toBe('ok');
      expect(script).not.toMatch(/\bundefined\b|\bNaN\b|\[object /);
      await expect(script).toMatchFileSnapshot(`golden/${name}.sh`);
    });
  }

  it("the run lock's script, as sent", async () => {
    const text = runLockScript('exclusive', "ops@laptop (pid 1) since 2026-12-07T00:00:00Z; it's", false, true);
    expect(parses('sh', text)).toBe('ok');
    await expect(text).toMatchFileSnapshot('golden/run-lock.sh');
  });

  // Their text is their .sh files less comment lines (shell-lint.test.ts): parsing is what is left to check.
  it('the session library, runner and fact probe parse as sent', () => {
    for (const [name, text] of [['module-functions', MODULE_FUNCTIONS], ['session-runner', SESSION_RUNNER], ['probe', PROBE_SCRIPT]] as const) {
      expect(parses('sh', text), name).toBe('ok');
      expect(parses('bash', text), name).toBe('ok');
    }
  });
});
