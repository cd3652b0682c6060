// ~/.ssh/config as ssh reads it: every case's hosts resolved by corectl and by the real client
// (`ssh -G -F CONFIG HOST`), compared on what corectl takes from the config: HostName, Port, User,
// IdentityFile, ProxyJump, StrictHostKeyChecking and UserKnownHostsFile. A config ssh refuses,
// corectl refuses, naming the file and line. Needs only the ssh client (openssh-client).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSshConfigFile, SshConfigError } from '../../../src/connection/ssh-config-file.ts';
import { defaultSshConfigContext, loadSshConfig, resolveSshConfig, type SshConfigEntry } from '../../../src/connection/ssh-config.ts';
import { sshConfigCases } from './ssh-config/cases.ts';

const FIELDS = ['hostname', 'port', 'user', 'identityfile', 'proxyjump', 'stricthostkeychecking', 'userknownhostsfile'] as const;
type Resolved = Record<(typeof FIELDS)[number], string>;

const context = defaultSshConfigContext();
const home = context.home;

/** ssh -G's answer, the fields compared; IdentityFile as ssh prints it (unexpanded), expanded with ssh's own resolved values. */
function sshResolves(config: string, host: string): Resolved | 'refused' {
  const run = spawnSync('ssh', ['-G', '-F', config, host], { encoding: 'utf8' });
  if (run.status !== 0) return 'refused';
  const lines = run.stdout.split('\n').map((line) => [line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1)] as const);
  const get = (key: string) => lines.filter(([k]) => k === key).map(([, v]) => v);
  const [hostname, port, user] = [get('hostname')[0]!, get('port')[0]!, get('user')[0]!];
  const tokens: Record<string, string> = { '%': '%', d: home, h: hostname, n: host, p: port, r: user, u: context.localUser };
  const expand = (value: string) => (value.startsWith('~/') ? home + value.slice(1) : value).replace(/%(.)/g, (t, c: string) => tokens[c] ?? t);
  return {
    hostname, port, user,
    identityfile: get('identityfile').map(expand).join(' '),
    proxyjump: get('proxyjump')[0] ?? '',
    stricthostkeychecking: get('stricthostkeychecking')[0]!,
    userknownhostsfile: get('userknownhostsfile')[0]!,
  };
}

/** SSH's defaults where the config says nothing: what corectl leaves to them. */
const DEFAULT_IDENTITIES = ['id_rsa', 'id_ecdsa', 'id_ecdsa_sk', 'id_ed25519', 'id_ed25519_sk', 'id_xmss', 'id_dsa'].map((name) => `${home}/.ssh/${name}`);

function corectlResolves(entry: SshConfigEntry, host: string): Resolved {
  return {
    hostname: entry.hostName ?? host.toLowerCase(),
    port: String(entry.port ?? 22),
    user: entry.user ?? context.localUser,
    identityfile: (entry.identityFiles.length > 0 ? entry.identityFiles : DEFAULT_IDENTITIES).join(' '),
    proxyjump: entry.proxyJump.join(','),
    stricthostkeychecking: { yes: 'true', no: 'false', ask: 'ask', 'accept-new': 'accept-new' }[entry.strictHostKeyChecking ?? 'ask'],
    userknownhostsfile: entry.userKnownHostsFiles === undefined ? `${home}/.ssh/known_hosts ${home}/.ssh/known_hosts2` : entry.userKnownHostsFiles.length === 0 ? 'none' : entry.userKnownHostsFiles.join(' '),
  };
}

describe('ssh_config as ssh -G reads it', () => {
  const root = mkdtempSync(join(tmpdir(), 'corectl-sshconf-'));
  const sshDir = join(home, '.ssh', `corectl-conformance-${process.pid}`);
  const madeSshDir = !existsSync(join(home, '.ssh'));
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(madeSshDir ? join(home, '.ssh') : sshDir, { recursive: true, force: true });
  });

  it(`resolves ${sshConfigCases.length} configs as the real client does, and refuses what it refuses`, () => {
    const problems: string[] = [];
    let compared = 0;
    for (const c of sshConfigCases) {
      const dir = join(root, c.id);
      const caseSshDir = join(sshDir, c.id);
      const text = (t: string) => t.replaceAll('SSHDIR', `corectl-conformance-${process.pid}/${c.id}`).replaceAll('DIR', dir);
      for (const [name, content] of Object.entries(c.files ?? {})) {
        const path = name.startsWith('~/') ? join(caseSshDir, name.slice(2)) : join(dir, name);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, text(content));
      }
      mkdirSync(dir, { recursive: true });
      const config = join(dir, 'config');
      writeFileSync(config, text(c.config));
      for (const host of c.hosts) {
        const theirs = sshResolves(config, host);
        let ours: Resolved | 'refused';
        try {
          ours = corectlResolves(resolveSshConfig(readSshConfigFile(config, join(home, '.ssh')), host, context), host);
        } catch (error) {
          if (!(error instanceof SshConfigError)) throw error;
          if (!/:\d+: /.test(error.message)) problems.push(`${c.id} ${host}: the refusal names no file:line: ${error.message}`);
          ours = 'refused';
        }
        compared++;
        if (JSON.stringify(theirs) !== JSON.stringify(ours)) problems.push(`${c.id} ${host}: ssh ${JSON.stringify(theirs)}\n    corectl ${JSON.stringify(ours)}`);
        if ((theirs === 'refused') !== !!c.refused) problems.push(`${c.id} ${host}: the case says ${c.refused ? 'refused' : 'accepted'}, ssh did not`);
      }
    }
    // A `Match exec` after a criterion that failed is not run (match-exec-skipped).
    expect(existsSync(join(root, 'match-exec-skipped', 'ran'))).toBe(false);
    console.log(`ssh_config against ssh -G (${spawnSync('ssh', ['-V'], { encoding: 'utf8' }).stderr.trim()}): ${sshConfigCases.length} configs, ${compared} host resolutions, ${problems.length} different`);
    expect(problems).toEqual([]);
  });

  it('reads ~/.ssh/config and then /etc/ssh/ssh_config as ssh does without -F', async () => {
    const config = await loadSshConfig();
    for (const host of ['web1.example.net', 'localhost']) {
      const run = spawnSync('ssh', ['-G', host], { encoding: 'utf8' });
      const theirs = Object.fromEntries(run.stdout.split('\n').filter((l) => /^(hostname|port|user) /.test(l)).map((l) => l.split(' ', 2)));
      const entry = resolveSshConfig(config, host, context);
      expect({ hostname: entry.hostName ?? host, port: String(entry.port ?? 22), user: entry.user ?? context.localUser }).toEqual(theirs);
    }
  });
});
