// Day 0 end to end: a fresh test host's root is provisioned by the real Ignition (Debian's
// package: its fetch stage on the `file` platform, then its files stage with -root at the host's
// root) from what `corectl ignition` wrote, before the host ever boots. The host then boots with
// no key of the harness's: corectl logs in with the key the config installed, and checks the host
// key strictly against the one it made for the config (--host-keys); its check finds the first-boot tasks already done and only the task Ignition could
// not do left (a line in a file, and a certificate whose key is made on the host), the first run
// does those, and the next check finds nothing. A Butane file given with --butane is there too.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterDir, startCluster, type TestCluster } from '../hosts/cluster.ts';
import type { TestHostSpec } from '../hosts/test-host.ts';
import { CertificateAuthority } from '../../src/pki/certificate-authority.ts';
import { corectl } from './helpers.ts';

const IGNITION = '/usr/lib/dracut/modules.d/30ignition/ignition';
const CLUSTER = 'fboot';
const PASSPHRASE = 'day0 CA passphrase';
const BUTANE = 'variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/app/from-butane\n      mode: 0600\n      contents:\n        inline: kept in Butane\n';

const UNIT = '[Unit]\nDescription=first-boot app\n\n[Service]\nExecStart=/bin/sleep infinity\n\n[Install]\nWantedBy=multi-user.target\n';
const PLAYBOOK = `import { playbook, type TaskContext } from 'corectl';
import { directory, file, lineInFile, systemd, x509 } from 'corectl/modules';

export default playbook((pb) => {
  pb.play('first boot', { hosts: 'all', become: true, firstBoot: true }, (play) => {
    play.task('app directory', directory({ path: '/etc/app', mode: '0750' }));
    play.task('app config', file(({ host }: TaskContext) => ({ path: '/etc/app/app.conf', content: \`host=\${host}\\n\`, mode: '0640' })));
    play.task('app unit', systemd({ unit: 'app.service', content: ${JSON.stringify(UNIT)}, enabled: true, state: 'started' }));
    play.task('motd line', lineInFile({ path: '/etc/motd', line: 'managed by corectl', create: true }));
    play.task('app certificate', x509.certificate(({ host, fleet }: TaskContext) => ({
      ca: 'day0',
      key: { path: '/etc/app/tls.key', type: 'ec-p256' },
      cert: { path: '/etc/app/tls.crt' },
      subject: { CN: host },
      sans: { dns: [host], ip: [fleet[host]!.address] },
      usages: ['serverAuth'],
    })));
  });
});
`;

interface Report {
  exitCode: number;
  hosts: Record<string, { tasks: { task: string; status: string }[] }>;
}

describe('a host provisioned by Ignition from corectl ignition', () => {
  const site = mkdtempSync(join(tmpdir(), 'corectl-first-boot-'));
  const out = join(site, 'ignition');
  const env = { CORECTL_PKI_DIR: join(site, 'pki'), CORECTL_CA_PASSPHRASE: PASSPHRASE };
  // corectl's own inventory of the new host: its key from the config, its host key from the
  // known_hosts file corectl ignition wrote (--host-keys), checked strictly from the first connection.
  const inventory = join(site, 'day0.yaml');
  const knownHosts = join(site, 'known_hosts');
  let cluster: TestCluster;
  let ignitionOutput = '';

  /** The harness's first-boot hook: corectl ignition for the host, then Ignition's own stages. */
  const provision = async (root: string, spec: TestHostSpec) => {
    writeFileSync(inventory, `defaults:\n  identityFile: ${join(clusterDir(CLUSTER), 'client_ed25519')}\n  knownHosts: ${knownHosts}\n  hostKeyCheck: strict\nhosts:\n  ${spec.name}: { address: ${spec.address} }\n`);
    const rendered = await corectl(['ignition', join(site, 'site.ts'), '-i', inventory, '--out', out, '--butane', join(site, 'base.bu'), '--host-keys', knownHosts]);
    if (rendered.code !== 0) throw new Error(`corectl ignition failed: ${rendered.stderr}`);
    ignitionOutput = rendered.stdout;
    // Ignition ends its files stage by relabeling what it wrote for SELinux: it reads the policy's
    // name from the SELinux config and runs setfiles. These hosts have no SELinux, so there is
    // nothing to relabel: the config says so, and setfiles is one that takes the list and does nothing.
    mkdirSync(join(root, 'etc/selinux'), { recursive: true });
    writeFileSync(join(root, 'etc/selinux/config'), 'SELINUX=disabled\nSELINUXTYPE=targeted\n');
    const state = mkdtempSync(join(tmpdir(), 'corectl-ignition-run-'));
    mkdirSync(join(state, 'bin'));
    writeFileSync(join(state, 'bin/setfiles'), '#!/bin/sh\ncat > /dev/null\n', { mode: 0o755 });
    const env = { ...process.env, PATH: `${join(state, 'bin')}:${process.env.PATH}`, IGNITION_CONFIG_FILE: join(out, `${spec.name}.ign`) };
    const common = ['-platform', 'file', '-config-cache', join(state, 'ignition.json'), '-state-file', join(state, 'state'), '-log-to-stdout'];
    for (const stage of [['-stage', 'fetch'], ['-stage', 'files', '-root', root]]) {
      try {
        execFileSync(IGNITION, [...common, ...stage], { env, encoding: 'utf8' });
      } catch (error) {
        const log = String((error as { stdout?: string }).stdout ?? '');
        throw new Error(`ignition ${stage.join(' ')} failed:\n${log.split('\n').filter((line) => /CRITICAL|ERROR/.test(line)).join('\n')}`);
      }
    }
  };

  beforeAll(async () => {
    mkdirSync(join(site, 'node_modules'));
    symlinkSync(process.cwd(), join(site, 'node_modules/corectl'));
    writeFileSync(join(site, 'package.json'), '{"type": "module"}');
    writeFileSync(join(site, 'site.ts'), PLAYBOOK);
    writeFileSync(join(site, 'base.bu'), BUTANE);
    await CertificateAuthority.init({ dir: env.CORECTL_PKI_DIR, name: 'day0', keyType: 'ec-p256', days: 365, subject: { CN: 'day0 CA' }, permittedDns: [], permittedIps: [], passphrase: PASSPHRASE });
    cluster = await startCluster({ name: CLUSTER, hosts: 1, firstBoot: provision });
  }, 300_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  const check = async (file: string) => {
    const result = await corectl(['check', join(site, 'site.ts'), '-i', inventory, '--report', `json=${join(site, file)}`], env);
    return { ...result, report: JSON.parse(readFileSync(join(site, file), 'utf8')) as Report };
  };
  const statuses = (report: Report) => Object.fromEntries(Object.values(report.hosts)[0]!.tasks.map((t) => [t.task, t.status]));

  it('renders the tasks Ignition can do and says which one is left to the first run', () => {
    expect(ignitionOutput).toMatch(/fboot-node1\.ign: 3 task\(s\) for first boot on .*base\.bu/);
    expect(ignitionOutput).toMatch(/left to the first corectl run: first boot \/ motd line: lineInFile has no first-boot form/);
    expect(ignitionOutput).toMatch(/left to the first corectl run: first boot \/ app certificate: x509\.certificate has no first-boot form/);
  });

  it('boots with the key the config installed and the host key corectl made, and the first check finds only the task left to the first run', async () => {
    // The harness gave the host a key of its own before Ignition ran: the config's replaced it.
    expect(readFileSync(knownHosts, 'utf8')).not.toContain(cluster.hosts[0]!.hostKey.split(' ')[1]);
    const keys = await corectl(['exec', 'all', '-i', inventory, '--', 'ls ~/.ssh/authorized_keys.d; test ! -e ~/.ssh/authorized_keys && echo no-harness-key; sudo stat -c %a:%n /etc/app/from-butane']);
    expect(keys.code, keys.stdout + keys.stderr).toBe(0);
    expect(keys.stdout).toMatch(/\| ignition\n/);
    expect(keys.stdout).toMatch(/\| no-harness-key\n/);
    expect(keys.stdout).toMatch(/\| 600:\/etc\/app\/from-butane\n/);
    const first = await check('check-1.json');
    expect(statuses(first.report)).toEqual({ 'app directory': 'ok', 'app config': 'ok', 'app unit': 'ok', 'motd line': 'changed', 'app certificate': 'changed' });
    expect(first.code).toBe(5);
  });

  it('the first run does what was left, and then nothing has drifted', async () => {
    const run = await corectl(['run', join(site, 'site.ts'), '-i', inventory, '--plain'], env);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/changed\s+fboot-node1\s+motd line/);
    expect(run.stdout).toMatch(/changed\s+fboot-node1\s+app certificate/);
    const verified = await corectl(['exec', 'all', '-i', inventory, '--', `sudo openssl x509 -in /etc/app/tls.crt -noout -subject`]);
    expect(verified.stdout).toMatch(/subject=CN ?= ?fboot-node1/);
    const again = await check('check-2.json');
    expect(Object.values(statuses(again.report))).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(again.code).toBe(0);
  });
});
