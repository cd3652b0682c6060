// The connection layer against real sshd: channels, stdin, timeouts, reconnection after a real
// reboot, credentials (encrypted keys, ssh-agent) and the channel limit.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { CommandTimeoutError, CredentialError } from '../../src/connection/errors.ts';
import { SshConnection } from '../../src/connection/ssh-connection.ts';
import { KnownHosts } from '../../src/connection/known-hosts.ts';
import { targetFor, testCluster, testSettings, withPool } from './helpers.ts';

describe('SSH connection', () => {
  const cluster = testCluster();
  const node = (i: number) => cluster.hosts[i]!.name;

  it('runs many commands on one connection, queueing past the server session limit', async () => {
    // Ask for more channels than sshd's MaxSessions (10): refusals must be absorbed, not failed.
    await withPool(await testSettings({ maxChannels: 25 }), async (pool) => {
      const connection = pool.get(targetFor(node(0)));
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => connection.exec(`sleep 0.3; echo ${i}`)));
      expect(results.map((r) => r.stdout.trim())).toEqual(Array.from({ length: 30 }, (_, i) => String(i)));
      expect(connection.stats).toEqual({ connects: 1, channels: 30, stdinBytes: 0, commands: 30 });
    });
  });

  it('never loses the exit status of fast commands (all of it can arrive in one TCP chunk)', async () => {
    await withPool(await testSettings(), async (pool) => {
      const connection = pool.get(targetFor(node(1)));
      for (let round = 0; round < 5; round++) {
        const results = await Promise.all(Array.from({ length: 10 }, (_, i) => connection.exec(`echo ${i}; exit ${i % 3}`)));
        expect(results.map((r) => [r.stdout, r.exitCode])).toEqual(Array.from({ length: 10 }, (_, i) => [`${i}\n`, i % 3]));
      }
    });
  });

  it('streams stdin and keeps stdout, stderr and the exit code apart', async () => {
    await withPool(await testSettings(), async (pool) => {
      const data = randomBytes(2 * 1024 * 1024);
      const connection = pool.get(targetFor(node(1)));
      const result = await connection.exec('sha256sum; echo oops >&2; exit 3', { stdin: data });
      expect(result.stdout.split(' ')[0]).toBe(createHash('sha256').update(data).digest('hex'));
      expect(result).toMatchObject({ exitCode: 3, stderr: 'oops\n' });
    });
  });

  it('ends a command that outlives its timeout', async () => {
    await withPool(await testSettings(), async (pool) => {
      const connection = pool.get(targetFor(node(1)));
      await expect(connection.exec('sleep 30', { timeoutMs: 500 })).rejects.toBeInstanceOf(CommandTimeoutError);
      expect((await connection.exec('echo still usable')).stdout).toBe('still usable\n');
    });
  });

  it('becomes root, or another user, through sudo', async () => {
    await withPool(await testSettings(), async (pool) => {
      const connection = pool.get(targetFor(node(0)));
      expect((await connection.exec('id -u', { become: true })).stdout).toBe('0\n');
      expect((await connection.exec('id -un', { become: true, becomeUser: 'nobody' })).stdout).toBe('nobody\n');
      expect((await connection.exec('id -un')).stdout).toBe('core\n');
    });
  });

  it('runs privileged commands one after another in one shell session, each as its own process', async () => {
    // Five channels at a time: at sshd's MaxSessions (ten) a session is refused now and then, and
    // the command takes an exec channel instead, which would make the count below vary.
    await withPool(await testSettings({ maxChannels: 5 }), async (pool) => {
      const connection = pool.get(targetFor(node(0)));
      const binary = Buffer.from([0, 10, 255, 13, 10, 0x40, 0x63]);
      // A command that never reads its stdin must not leave it for the next one.
      expect(await connection.exec('exit 3', { become: true, stdin: 'x'.repeat(300_000) })).toMatchObject({ exitCode: 3, stdout: '', stderr: '' });
      const echoed = await connection.exec('od -An -tx1 | tr -d " \n"; echo; echo err >&2; exit 7', { become: true, stdin: binary });
      expect(echoed).toMatchObject({ exitCode: 7, stdout: `${binary.toString('hex')}\n`, stderr: 'err\n' });
      // stdin is a pipe, as on an exec channel (podman secret create - refuses anything else).
      expect((await connection.exec('[ -p /dev/stdin ] && cat', { become: true, stdin: 'piped' })).stdout).toBe('piped');
      // Short text ending in a newline is read by the session's shell itself and handed on byte
      // for byte, as the same pipe and as corectl_stdin_text: nothing in it is expanded, and a
      // line like the here-document's delimiter is only text.
      const text = Buffer.concat([Buffer.from("  lead\nback\\slash $HOME `id` $(id) ${x:-y}\ncr\r\ncorectl_EOF\n"), Buffer.from([0xff, 0xfe, 10, 10])]);
      const asText = await connection.exec('[ -p /dev/stdin ] && od -An -tx1 | tr -d " \n"; echo; printf %s "$corectl_stdin_text" | od -An -tx1 | tr -d " \n"', { become: true, stdin: text });
      expect(asText.stdout).toBe(`${text.toString('hex')}\n${text.toString('hex')}`);
      // Text left unread does not reach the next command, and stdin that is not short text (no
      // final newline, or longer than 4 KB) comes only as the pipe.
      expect(await connection.exec('exit 4', { become: true, stdin: 'unread\n' })).toMatchObject({ exitCode: 4, stdout: '' });
      for (const other of ['no final newline', `${'long line '.repeat(500)}\n`]) {
        expect((await connection.exec('echo "${corectl_stdin_text-unset}"; cat', { become: true, stdin: other })).stdout).toBe(`unset\n${other}`);
      }
      // The end mark's nonce is not the command's to know.
      expect((await connection.exec('echo "${corectl_sn:-unset}"', { become: true })).stdout).toBe('unset\n');
      // A frame-like line in a command's output is only output.
      expect((await connection.exec("printf '@corectl-session 1 0 0 0\\nafter'", { become: true })).stdout).toBe('@corectl-session 1 0 0 0\nafter');
      // Each command gets its own shell: variables, traps and cwd do not leak into the next.
      await connection.exec('leak=1; cd /tmp; trap "echo trapped" EXIT', { become: true });
      expect((await connection.exec('echo "${leak:-none} $(pwd)"', { become: true })).stdout).toBe('none /home/core\n');
      const channelsBefore = connection.stats.channels;
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => connection.exec(`sleep 0.1; echo ${i}; id -u`, { become: true })));
      expect(results.map((r) => r.stdout)).toEqual(Array.from({ length: 20 }, (_, i) => `${i}\n0\n`));
      // Twenty commands, five at a time, on the sessions already open plus at most five more.
      expect(connection.stats.channels - channelsBefore).toBeLessThanOrEqual(5);
      await expect(connection.exec('sleep 30', { become: true, timeoutMs: 500 })).rejects.toBeInstanceOf(CommandTimeoutError);
      expect((await connection.exec('echo still usable', { become: true })).stdout).toBe('still usable\n');
    });
  });

  it('runs scripts of any shape in a session exactly as written, and evaluates definitions once per session', async () => {
    await withPool(await testSettings(), async (pool) => {
      const connection = pool.get(targetFor(node(0)));
      // Short scripts are read by the session's shell line by line, long ones by head -c: both
      // must keep leading blanks, backslashes, carriage returns and a last line with no newline.
      const awkward = "printf '%s|' '  lead' 'back\\slash' 'cr\r' \\\n  'continued'\necho";
      for (const padding of ['', `: '${'x'.repeat(6000)}'\n`]) {
        expect((await connection.exec(`${padding}${awkward}`, { become: true })).stdout).toBe("  lead|back\\slash|cr\r|continued|\n");
      }
      // A definition's own code runs when it is evaluated: once per session, not once per command.
      const definitions = 'corectl_t_defined=$((${corectl_t_defined:-0} + 1))\ncorectl_t_greet() { echo "hello $1"; }';
      const first = await connection.exec('corectl_t_greet a; echo "$corectl_t_defined"', { become: true, definitions });
      const second = await connection.exec('corectl_t_greet b; echo "$corectl_t_defined"', { become: true, definitions });
      expect([first.stdout, second.stdout]).toEqual(['hello a\n1\n', 'hello b\n1\n']);
      // On an exec channel (no sudo, so no session) the definitions come with every command.
      expect((await connection.exec('corectl_t_greet c; echo "$corectl_t_defined"', { definitions })).stdout).toBe('hello c\n1\n');
      // A command with other definitions gets those evaluated in turn.
      expect((await connection.exec('echo "${corectl_t_other:-unset}"', { become: true, definitions: 'corectl_t_other=set' })).stdout).toBe('set\n');
    });
  });

  it('becomes root where sudo wants a password, without leaking it into the command', async () => {
    await withPool(await testSettings(), async (pool) => {
      const core = pool.get(targetFor(node(1)));
      const setup = [
        'id pwuser >/dev/null 2>&1 || useradd -m pwuser',
        "echo 'pwuser:Secr3t pass' | chpasswd",
        "echo 'pwuser ALL=(ALL) ALL' > /etc/sudoers.d/pwuser",
        'install -d -o pwuser -m 700 /home/pwuser/.ssh',
        'install -o pwuser -m 600 /home/core/.ssh/authorized_keys /home/pwuser/.ssh/',
      ].join(' && ');
      expect((await core.exec(setup, { become: true })).exitCode).toBe(0);
      const pwuser = pool.get(targetFor(node(1), { user: 'pwuser' }));
      expect((await pwuser.exec('id -u', { become: true })).stderr).toMatch(/password is required/);
      const ok = await pwuser.exec('id -u; cat', { become: true, becomePassword: 'Secr3t pass', stdin: 'payload' });
      expect(ok.stdout).toBe('0\npayload');
      expect((await pwuser.exec('id -u', { become: true, becomePassword: 'wrong' })).exitCode).not.toBe(0);
      // Where sudo asks nothing (core), the password must not end up on the command's stdin.
      expect((await core.exec('cat', { become: true, becomePassword: 'unused', stdin: 'only this' })).stdout).toBe('only this');
    });
  });

  // Behind a jump host the connection rides a tunnel channel of the bastion's connection, which
  // ends differently from a TCP socket when the far host goes away.
  it.each([
    ['directly', () => node(2)],
    ['through a jump host', () => cluster.hidden!.name],
  ])('reconnects by itself after the host really reboots (%s)', async (_how, hostName) => {
    await withPool(await testSettings(), async (pool) => {
      const connection = pool.get(targetFor(hostName()));
      // Test hosts share the controller's kernel, so the kernel boot id stays; PID 1 is new.
      const bootInstance = 'cat /proc/sys/kernel/random/boot_id; cut -d" " -f22 /proc/1/stat';
      const bootBefore = (await connection.exec(bootInstance)).stdout;
      await connection.exec('sudo systemd-run --quiet --on-active=1 --timer-property=AccuracySec=100ms systemctl reboot');
      // Keep using the same connection object, as a run would: it must come back by itself.
      let bootAfter = bootBefore;
      for (let tries = 0; bootAfter === bootBefore && tries < 120; tries++) {
        await sleep(500);
        bootAfter = await connection.exec(bootInstance).then((r) => r.stdout, () => bootBefore);
      }
      expect(bootAfter).not.toBe(bootBefore);
      expect(connection.stats.connects).toBe(2);
    });
  });

  it('uses an encrypted key with the passphrase from the environment, and says so when it is wrong', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corectl-key-'));
    const key = join(dir, 'encrypted');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'correct horse', '-f', key]);
    await withPool(await testSettings(), async (pool) => {
      await pool.get(targetFor(node(0))).exec('cat >> ~/.ssh/authorized_keys', { stdin: readFileSync(`${key}.pub`) });
    });
    const target = targetFor(node(0), { identityFiles: [key] });
    process.env.CORECTL_SSH_KEY_PASSPHRASE = 'wrong';
    try {
      await expect(new SshConnection(target, await testSettings()).connect()).rejects.toBeInstanceOf(CredentialError);
    } finally {
      delete process.env.CORECTL_SSH_KEY_PASSPHRASE;
    }
    // A fresh process: decrypted keys are cached per run.
    const result = spawnSync(process.execPath, ['bin/corectl.js', 'exec', node(0), '-i', cluster.inventory, '--', 'echo via-encrypted'], {
      env: { ...process.env, CORECTL_SSH_KEY_PASSPHRASE: 'correct horse' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
  });

  it('authenticates through ssh-agent when no key file is named', async () => {
    const agent = execFileSync('ssh-agent', ['-s'], { encoding: 'utf8' });
    const socket = /SSH_AUTH_SOCK=([^;]+);/.exec(agent)![1]!;
    const pid = /SSH_AGENT_PID=(\d+);/.exec(agent)![1]!;
    try {
      execFileSync('ssh-add', [cluster.clientKey], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
      const saved = process.env.SSH_AUTH_SOCK;
      process.env.SSH_AUTH_SOCK = socket;
      try {
        const connection = new SshConnection(targetFor(node(1), { identityFiles: [] }), await testSettings());
        // No key files: with HOME's default keys absent, only the agent can get us in.
        expect((await connection.exec('whoami')).stdout).toBe('core\n');
        await connection.close();
      } finally {
        if (saved === undefined) delete process.env.SSH_AUTH_SOCK;
        else process.env.SSH_AUTH_SOCK = saved;
      }
    } finally {
      process.kill(Number(pid));
    }
  });

  it("follows a host's own StrictHostKeyChecking and UserKnownHostsFile from its inventory, unless the operator said otherwise", async () => {
    const empty = join(mkdtempSync(join(tmpdir(), 'corectl-known-')), 'known_hosts');
    const recorded = join(mkdtempSync(join(tmpdir(), 'corectl-known-')), 'tf_known_hosts');
    const warnings: string[] = [];
    const settings = await testSettings({ knownHosts: await KnownHosts.load([empty]), warn: (m) => warnings.push(m) });
    const off = targetFor(node(0), { hostKeys: { check: 'off', knownHostsFiles: ['/dev/null'], origin: 'ansible_ssh_common_args (hosts.ini:2)' } });
    const acceptNew = targetFor(node(1), { hostKeys: { check: 'accept-new', knownHostsFiles: [recorded], origin: 'ansible_ssh_extra_args (hosts.ini:3)' } });
    await withPool(settings, async (pool) => {
      expect((await pool.get(off).exec('echo in')).stdout).toBe('in\n');
      expect((await pool.get(acceptNew).exec('echo in')).stdout).toBe('in\n');
      // A host whose inventory says nothing keeps the run's strict policy.
      await expect(pool.get(targetFor(node(2))).exec('true')).rejects.toThrow(/is not in known_hosts/);
    });
    expect(warnings).toContain(`host key checking is off for ${node(0)} (and every host ansible_ssh_common_args (hosts.ini:2) applies to): they are not verified and connections can be intercepted`);
    expect(readFileSync(recorded, 'utf8')).toMatch(new RegExp(`^${cluster.hosts[1]!.address.replace(/\./g, '\\.')} ssh-ed25519 `));
    expect(existsSync(empty)).toBe(false);
    // --host-key-check strict given by the operator beats the inventory's `no`.
    await withPool({ ...settings, hostKeysForced: { check: true, knownHosts: true } }, async (pool) => {
      await expect(pool.get(off).exec('true')).rejects.toThrow(/is not in known_hosts/);
    });
  });
});
