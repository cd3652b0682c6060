// Core modules on real hosts: each is checked in check mode (reports, changes nothing), applied,
// and applied again (no change), and the host's state is inspected directly.
import { describe, expect, it } from 'vitest';
import type { ModuleCall } from '../../src/module-api/define-module.ts';
import type { TaskMeta } from '../../src/playbook/playbook-types.ts';
import { absent, blockInFile, command, directory, file, group, hostname, lineInFile, shell, symlink, sysctl, systemd, user } from '../../modules/index.ts';
import { hostsOfEachFlavor, onHost, runTasks } from './helpers.ts';

// Every test runs on a Debian-shaped host (dash, mawk) and a Fedora-CoreOS-shaped one (bash, gawk).
describe.each(['debian', 'coreos'])('core modules on a %s host', (flavor) => {
  const node = () => hostsOfEachFlavor().find((h) => h.flavor === flavor)!.name;

  /** check → apply → apply again; returns the statuses of the three runs. */
  async function converge(tasks: [string, ModuleCall][]) {
    const check = await runTasks(node(), tasks, { check: true });
    const apply = await runTasks(node(), tasks);
    const again = await runTasks(node(), tasks);
    return { check, apply, again };
  }

  it('file: contents travel only when they are written or diffed (lazy stdin)', async () => {
    const content = 'x'.repeat(2 * 1024 * 1024);
    const tasks: [string, ModuleCall][] = [['big', file({ path: '/tmp/cm-lazy/big', content, mode: '0600' })]];
    await onHost(node(), 'rm -rf /tmp/cm-lazy && mkdir /tmp/cm-lazy');
    const check = await runTasks(node(), tasks, { check: true, diff: false });
    expect(check.statuses).toEqual(['big: changed']);
    expect(check.stats.stdinBytes).toBe(0);
    const checkWithDiff = await runTasks(node(), tasks, { check: true, diff: true });
    expect(checkWithDiff.finished[0]!.result.diff?.unified).toContain('+xxxx');
    expect(checkWithDiff.stats.stdinBytes).toBe(content.length);
    const apply = await runTasks(node(), tasks);
    expect(apply.finished[0]!.result).toMatchObject({ status: 'changed', message: 'file is missing' });
    expect(apply.stats.stdinBytes).toBe(content.length);
    const again = await runTasks(node(), tasks);
    expect(again.statuses).toEqual(['big: ok']);
    expect(again.stats.stdinBytes).toBe(0);
    expect(await onHost(node(), 'stat -c %a /tmp/cm-lazy/big; wc -c < /tmp/cm-lazy/big')).toBe(`600\n${content.length}\n`);
  });

  it('file: short text goes with the first round trip, and a new file gets exactly its mode', async () => {
    const modes = ['0600', '0444', '640', '0755', '1644'];
    const tasks: [string, ModuleCall][] = modes.map((mode) => [mode, file({ path: `/tmp/cm-short/f${mode}`, content: `mode ${mode}\n`, mode })]);
    tasks.push(['default', file({ path: '/tmp/cm-short/default', content: 'no mode\n' })]);
    await onHost(node(), 'rm -rf /tmp/cm-short && mkdir /tmp/cm-short && ln -s /nonexistent /tmp/cm-short/default');
    const apply = await runTasks(node(), tasks);
    expect(apply.statuses).toEqual([...modes, 'default'].map((name) => `${name}: changed`));
    const sent = tasks.reduce((sum, [name]) => sum + (name === 'default' ? 'no mode\n' : `mode ${name}\n`).length, 0);
    expect(apply.stats.stdinBytes).toBe(sent);
    expect(await onHost(node(), 'cd /tmp/cm-short && stat -c "%n %a %F" * && cat f0444 default')).toBe(
      'default 644 regular file\nf0444 444 regular file\nf0600 600 regular file\nf0755 755 regular file\nf1644 1644 regular file\nf640 640 regular file\nmode 0444\nno mode\n',
    );
    expect((await runTasks(node(), tasks)).statuses).toEqual([...modes, 'default'].map((name) => `${name}: ok`));
  });

  it('file: a default ACL on the directory does not widen a new file\'s mode', async () => {
    // A default ACL overrides the umask: a file the shell makes there gets the ACL's bits, not the umask's.
    await onHost(node(), 'rm -rf /tmp/cm-acl && mkdir /tmp/cm-acl && setfacl -d -m u::rwx,g::r-x,o::r-x /tmp/cm-acl');
    const tasks: [string, ModuleCall][] = [
      ['secret', file({ path: '/tmp/cm-acl/secret', content: 'token\n', mode: '0600' })],
      ['shared', file({ path: '/tmp/cm-acl/shared', content: 'x\n', mode: '0640' })],
    ];
    expect((await runTasks(node(), tasks)).statuses).toEqual(['secret: changed', 'shared: changed']);
    expect(await onHost(node(), 'cd /tmp/cm-acl && stat -c "%n %a" secret shared && cat secret')).toBe('secret 600\nshared 640\ntoken\n');
    expect((await runTasks(node(), tasks)).statuses).toEqual(['secret: ok', 'shared: ok']);
  });

  it('file: content, mode and owner; a metadata-only drift is fixed in place', async () => {
    const tasks: [string, ModuleCall][] = [['f', file({ path: '/tmp/cm/f.conf', content: 'a=1\n', mode: '0640', owner: 'core' })]];
    await onHost(node(), 'rm -rf /tmp/cm && mkdir /tmp/cm');
    const { check, apply, again } = await converge(tasks);
    expect(check.statuses).toEqual(['f: changed']);
    expect(check.finished[0]!.result.diff?.unified).toContain('+a=1');
    expect(apply.statuses).toEqual(['f: changed']);
    expect(again.statuses).toEqual(['f: ok']);
    expect(await onHost(node(), 'stat -c "%a %U" /tmp/cm/f.conf; cat /tmp/cm/f.conf')).toBe('640 core\na=1\n');
    await onHost(node(), 'chmod 0666 /tmp/cm/f.conf');
    const fixed = await runTasks(node(), tasks);
    expect(fixed.finished[0]!.result).toMatchObject({ status: 'changed', message: 'mode 666 -> 640' });
    expect(await onHost(node(), 'ls -a /tmp/cm')).not.toContain('.corectl.');
  });

  // A short file already right is recognised by the shell reading it and one find: what the read
  // cannot see (a NUL byte, text after the last newline) and the metadata must still count.
  it('file: a short file is compared byte for byte and with its owner and group, by name and by id', async () => {
    const tasks: [string, ModuleCall][] = [
      ['named', file({ path: '/tmp/cm-same/named', content: 'a=1\r\n\\t x\n', mode: '0640', owner: 'core', group: 'core' })],
      ['ids', file({ path: '/tmp/cm-same/ids', content: 'b=2\n', mode: '0600', owner: '0', group: '0' })],
      ['plain', file({ path: '/tmp/cm-same/plain', content: 'c=3\n' })],
    ];
    await onHost(node(), 'rm -rf /tmp/cm-same && mkdir /tmp/cm-same');
    expect((await runTasks(node(), tasks)).statuses).toEqual(['named: changed', 'ids: changed', 'plain: changed']);
    expect((await runTasks(node(), tasks)).statuses).toEqual(['named: ok', 'ids: ok', 'plain: ok']);
    const drifts = [
      "printf 'a=1\\r\\n\\\\t\\0 x\\n' > /tmp/cm-same/named; printf 'b=2\\nmore' > /tmp/cm-same/ids; printf 'c=3\\n\\0' > /tmp/cm-same/plain",
      'chown root /tmp/cm-same/named; chown core /tmp/cm-same/ids',
      'chgrp root /tmp/cm-same/named; chgrp core /tmp/cm-same/ids',
    ];
    for (const drift of drifts) {
      await onHost(node(), drift);
      const fixed = await runTasks(node(), tasks);
      expect(fixed.statuses, drift).toEqual(['named: changed', 'ids: changed', drift.includes('plain') ? 'plain: changed' : 'plain: ok']);
      expect(await onHost(node(), 'cd /tmp/cm-same && stat -c "%n %a %U %G %s" named ids plain')).toBe('named 640 core core 10\nids 600 root root 4\nplain 644 root root 4\n');
      expect((await runTasks(node(), tasks)).statuses).toEqual(['named: ok', 'ids: ok', 'plain: ok']);
    }
  });

  it('file: hostile paths and contents reach the host exactly', async () => {
    const path = "/tmp/cm/-we'ird $(touch pwned) `touch pwned2` ; && *name\u00e9\n";
    const content = "line with 'quotes' and $(rm -rf /) and `backticks`\n\0binary\n";
    const run = await runTasks(node(), [['hostile', file({ path, content })]]);
    expect(run.statuses).toEqual(['hostile: changed']);
    expect(await onHost(node(), "for d in /tmp/cm /home/core /root /; do ls -A \"$d\"; done | grep -x -e pwned -e pwned2 || true")).toBe('');
    const seen = await onHost(node(), `cat -- '${path.replaceAll("'", `'\\''`)}' | od -An -c | tr -s ' '`);
    expect(seen).toContain('\\0');
  });

  it('a failed write in a directory with spaces removes its own temp file and nothing else', async () => {
    // "my" beside "my dir": an unquoted cleanup would split the temp path and delete it.
    await onHost(node(), "mkdir -p '/tmp/cm/my dir' && echo keep > /tmp/cm/my && echo old > '/tmp/cm/my dir/f'");
    const run = await runTasks(node(), [['f', file({ path: '/tmp/cm/my dir/f', content: 'new\n', owner: 'nosuchuser' })]]);
    expect(run.statuses[0]).toMatch(/^f: failed/);
    expect(await onHost(node(), "cat /tmp/cm/my '/tmp/cm/my dir/f'; ls -A '/tmp/cm/my dir'")).toBe('keep\nold\nf\n');
  });

  it('directory, symlink and absent', async () => {
    const { check, apply, again } = await converge([
      ['dir', directory({ path: '/tmp/cm/d/e', mode: '0750' })],
      ['link', symlink({ path: '/tmp/cm/link', target: '/tmp/cm/d/e' })],
      ['gone', absent({ path: '/tmp/cm/f.conf' })],
    ]);
    // In check mode the link's target does not exist yet, but the directory task would make it.
    expect(check.statuses).toEqual(['dir: changed', 'link: changed', 'gone: changed']);
    expect(apply.statuses).toEqual(['dir: changed', 'link: changed', 'gone: changed']);
    expect(again.statuses).toEqual(['dir: ok', 'link: ok', 'gone: ok']);
    // As Ansible: every directory made gets the mode, not only the last.
    expect(await onHost(node(), 'stat -c %a /tmp/cm/d /tmp/cm/d/e; readlink /tmp/cm/link; test -e /tmp/cm/f.conf || echo gone')).toBe('750\n750\n/tmp/cm/d/e\ngone\n');
  });

  it('check mode counts on what earlier tasks would make, predicts failures, and says when it cannot tell', async () => {
    await onHost(node(), 'rm -rf /tmp/cm-plan');
    const tasks: [string, ModuleCall, TaskMeta?][] = [
      ['missing dir', file({ path: '/tmp/cm-plan/nodir/f', content: 'x\n' }), { ignoreErrors: true }],
      ['dir', directory({ path: '/tmp/cm-plan/a/b' })],
      ['file in it', file({ path: '/tmp/cm-plan/a/b/f', content: 'x\n', owner: 'cmplanned' }), { ignoreErrors: true }],
      ['user', user({ name: 'cmplanned' })],
      ['edit it', lineInFile({ path: '/tmp/cm-plan/a/b/f', line: 'y' })],
    ];
    const check = await runTasks(node(), tasks, { check: true });
    const real = await runTasks(node(), tasks);
    // Nothing would have changed before "missing dir": its failure is a sure prediction.
    expect(check.statuses[0]).toBe('missing dir: failed (Destination directory /tmp/cm-plan/nodir does not exist)');
    expect(real.statuses[0]).toBe(check.statuses[0]);
    // The file's directory and owner are made by other tasks: check mode counts on them... (the
    // user comes after the file: the real run fails there, and check mode cannot know the order
    // will matter, so it says it cannot tell).
    expect(check.statuses.slice(1, 4)).toEqual(['dir: changed', 'file in it: skipped', 'user: changed']);
    expect(check.finished[2]!.result.message).toMatch(/^check mode cannot tell: .*failed to look up user cmplanned.*an earlier task would change the host first/);
    expect([real.statuses[1], real.statuses[3]]).toEqual(['dir: changed', 'user: changed']);
    expect(real.statuses[2]).toMatch(/^file in it: failed \(chown failed: failed to look up user cmplanned/);
    await onHost(node(), 'userdel -r cmplanned');
  });

  it('lineInFile and blockInFile edit only their part', async () => {
    await onHost(node(), "printf '#PermitRootLogin yes\\nPort 22\\n' > /tmp/cm/sshd_config");
    const { check, apply, again } = await converge([
      ['line', lineInFile({ path: '/tmp/cm/sshd_config', regexp: '^#?PermitRootLogin', line: 'PermitRootLogin no' })],
      ['add', lineInFile({ path: '/tmp/cm/sshd_config', line: 'UseDNS no', insertAfter: '^Port' })],
      ['block', blockInFile({ path: '/tmp/cm/sshd_config', block: 'Match User ops\n  X11Forwarding no' })],
    ]);
    expect(check.statuses).toEqual(['line: changed', 'add: changed', 'block: changed']);
    expect(apply.statuses).toEqual(['line: changed', 'add: changed', 'block: changed']);
    expect(again.statuses).toEqual(['line: ok', 'add: ok', 'block: ok']);
    expect(await onHost(node(), 'cat /tmp/cm/sshd_config')).toBe(
      'PermitRootLogin no\nPort 22\nUseDNS no\n# BEGIN ANSIBLE MANAGED BLOCK\nMatch User ops\n  X11Forwarding no\n# END ANSIBLE MANAGED BLOCK\n',
    );
  });

  it('sysctl: compares multi-value parameters field by field, and takes both forms of a name', async () => {
    const original = (await onHost(node(), 'cat /proc/sys/net/ipv4/ip_local_port_range')).trim();
    try {
      await onHost(node(), 'rm -f /etc/sysctl.d/90-corectl-net.ipv4.ip_local_port_range.conf /etc/sysctl.d/90-corectl-net.ipv4.tcp_fin_timeout.conf');
      const { check, apply, again } = await converge([
        ['range', sysctl({ name: 'net.ipv4.ip_local_port_range', value: '40000   60999' })],
        ['slashes', sysctl({ name: 'net/ipv4/tcp_fin_timeout', value: 31 })],
      ]);
      expect(check.statuses).toEqual(['range: changed', 'slashes: changed']);
      // Check mode says what would happen, never what did not.
      expect(check.finished[1]!.result.message).toBe('net/ipv4/tcp_fin_timeout = 60 -> 31; /etc/sysctl.d/90-corectl-net.ipv4.tcp_fin_timeout.conf: setting would be written');
      expect(apply.finished[1]!.result.message).toMatch(/setting written$/);
      expect(apply.finished[0]!.result.diff).toMatchObject({ before: `net.ipv4.ip_local_port_range = ${original.replace(/\s+/g, ' ')}`, after: 'net.ipv4.ip_local_port_range = 40000 60999' });
      expect(again.statuses).toEqual(['range: ok', 'slashes: ok']);
      expect(await onHost(node(), 'cat /proc/sys/net/ipv4/ip_local_port_range /proc/sys/net/ipv4/tcp_fin_timeout /etc/sysctl.d/90-corectl-net.ipv4.tcp_fin_timeout.conf')).toBe(
        '40000\t60999\n31\nnet/ipv4/tcp_fin_timeout = 31\n',
      );
    } finally {
      await onHost(node(), `printf '%s\\n' '${original}' > /proc/sys/net/ipv4/ip_local_port_range; echo 60 > /proc/sys/net/ipv4/tcp_fin_timeout; rm -f /etc/sysctl.d/90-corectl-net.ipv4.*`);
    }
  });

  it('sysctl: a write-only parameter has no running value to show, and is applied', async () => {
    try {
      const { check, apply } = await converge([['flush', sysctl({ name: 'net.ipv4.route.flush', value: 1 })]]);
      // The shell's read of /proc gets nothing from it (the kernel refuses reads): no value is made up.
      expect(check.finished[0]!.result.message).toBe('net.ipv4.route.flush = ? -> 1; /etc/sysctl.d/90-corectl-net.ipv4.route.flush.conf: setting would be written');
      expect(apply.statuses).toEqual(['flush: changed']);
      expect(await onHost(node(), 'cat /etc/sysctl.d/90-corectl-net.ipv4.route.flush.conf')).toBe('net.ipv4.route.flush = 1\n');
    } finally {
      await onHost(node(), 'rm -f /etc/sysctl.d/90-corectl-net.ipv4.route.flush.conf');
    }
  });

  it('command with creates, and shell output; check mode does not run commands', async () => {
    const tasks: [string, ModuleCall][] = [
      ['once', command({ argv: ['touch', '/tmp/cm/created'], creates: '/tmp/cm/created' })],
      ['always', shell({ script: 'echo hi >> /tmp/cm/log' })],
    ];
    const { check, apply, again } = await converge(tasks);
    expect(check.statuses).toEqual(['once: changed', 'always: skipped']);
    expect(apply.statuses).toEqual(['once: changed', 'always: changed']);
    expect(again.statuses).toEqual(['once: ok', 'always: changed']);
    expect(await onHost(node(), 'cat /tmp/cm/log')).toBe('hi\nhi\n');
  });

  it('systemd: unit file, enabled and started, daemon-reload only on change; masked', async () => {
    const unit = '[Service]\nExecStart=/bin/sleep infinity\n[Install]\nWantedBy=multi-user.target\n';
    const { check, apply, again } = await converge([['svc', systemd({ unit: 'cm-test.service', content: unit, enabled: true, state: 'started' })]]);
    expect(check.statuses).toEqual(['svc: changed']);
    expect(apply.statuses).toEqual(['svc: changed']);
    expect(again.statuses).toEqual(['svc: ok']);
    expect(await onHost(node(), 'systemctl is-enabled cm-test; systemctl is-active cm-test')).toBe('enabled\nactive\n');
    const stop = await runTasks(node(), [
      ['stop', systemd({ unit: 'cm-test.service', state: 'stopped', enabled: false })],
      ['mask', systemd({ unit: 'cm-other.service', masked: true })],
    ]);
    expect(stop.statuses).toEqual(['stop: changed', 'mask: changed']);
    expect(await onHost(node(), 'systemctl is-enabled cm-test; systemctl is-active cm-test; systemctl is-enabled cm-other')).toBe('disabled\ninactive\nmasked\n');
    const cleanup = await runTasks(node(), [['unmask', systemd({ unit: 'cm-other.service', masked: false })], ['gone', absent({ path: '/etc/systemd/system/cm-test.service' })]]);
    expect(cleanup.statuses).toEqual(['unmask: changed', 'gone: changed']);
  });

  it('systemd: a unit a file task rewrote is reloaded before it restarts; a masked unit or a missing one fails, in check mode too, and is never changed', async () => {
    const unit = (sleep: string) => `[Unit]\nDescription=cm reload\n[Service]\nExecStart=/bin/sleep ${sleep}\n`;
    await onHost(node(), `printf '${unit('infinity').replaceAll('\n', '\\n')}' > /etc/systemd/system/cm-reload.service; systemctl daemon-reload; systemctl start cm-reload`);
    // Check mode says what would happen, not that it happened.
    await onHost(node(), `printf '${unit('86400').replaceAll('\n', '\\n')}' > /etc/systemd/system/cm-reload.service`);
    const predicted = await runTasks(node(), [['restart', systemd({ unit: 'cm-reload.service', state: 'restarted' })]], { check: true });
    expect(predicted.finished[0]!.result).toMatchObject({ status: 'changed', message: 'the unit changed on disk: systemd would be reloaded first; would be restarted' });
    await onHost(node(), `printf '${unit('infinity').replaceAll('\n', '\\n')}' > /etc/systemd/system/cm-reload.service`);
    const restart = await runTasks(node(), [
      ['unit file', file({ path: '/etc/systemd/system/cm-reload.service', content: unit('86400') })],
      ['restart', systemd({ unit: 'cm-reload.service', state: 'restarted' })],
    ]);
    expect(restart.finished[1]!.result).toMatchObject({ status: 'changed', message: 'the unit changed on disk: systemd reloaded first; restarted' });
    expect(await onHost(node(), 'tr "\\0" " " < /proc/$(systemctl show -p MainPID --value cm-reload)/cmdline')).toBe('/bin/sleep 86400 ');
    await onHost(node(), 'systemctl stop cm-reload; rm /etc/systemd/system/cm-reload.service; systemctl mask cm-masked.service; systemctl daemon-reload');
    for (const check of [true, false]) {
      const run = await runTasks(node(), [
        ['masked', systemd({ unit: 'cm-masked.service', state: 'started' }), { ignoreErrors: true }],
        ['missing', systemd({ unit: 'cm-nothing.service', state: 'started' }), { ignoreErrors: true }],
      ], { check });
      expect(run.finished.map((e) => [e.result.status, e.result.changed, e.result.message])).toEqual([
        ['failed', false, 'Unable to start service cm-masked.service: Unit cm-masked.service is masked.'],
        ['failed', false, 'Could not find the requested service cm-nothing.service: host'],
      ]);
    }
    await onHost(node(), 'systemctl unmask cm-masked.service');
  });

  it("systemd scope user: the login user's own unit, in ~/.config/systemd/user, run by their manager", async () => {
    await onHost(node(), 'loginctl enable-linger core; for i in $(seq 50); do [ -S /run/user/1000/bus ] && break; sleep 0.1; done');
    const unit = '[Service]\nExecStart=/bin/sleep infinity\n[Install]\nWantedBy=default.target\n';
    const tasks: [string, ModuleCall][] = [['user unit', systemd({ unit: 'cm-user.service', scope: 'user', content: unit, enabled: true, state: 'started' })]];
    expect((await runTasks(node(), tasks, {}, false)).statuses).toEqual(['user unit: changed']);
    expect((await runTasks(node(), tasks, {}, false)).statuses).toEqual(['user unit: ok']);
    expect(await onHost(node(), 'sudo -u core XDG_RUNTIME_DIR=/run/user/1000 systemctl --user is-active cm-user; ls /home/core/.config/systemd/user/')).toBe('active\ncm-user.service\ndefault.target.wants\n');
    await onHost(node(), 'sudo -u core XDG_RUNTIME_DIR=/run/user/1000 systemctl --user disable --now cm-user; rm -rf /home/core/.config/systemd; loginctl disable-linger core');
  });

  it('group and hostname', async () => {
    const { check, apply, again } = await converge([
      ['group', group({ name: 'cmtest', system: true })],
      ['hostname', hostname({ name: node() })],
    ]);
    expect(check.statuses).toEqual(['group: changed', 'hostname: ok']);
    expect(apply.statuses).toEqual(['group: changed', 'hostname: ok']);
    expect(again.statuses).toEqual(['group: ok', 'hostname: ok']);
  });
});
