// Writes that cannot complete: sshd and everything under it killed while a large file is on its
// way, and a full filesystem. The target file is always the old content or the new, never part of
// either; no temp file outlives the next run.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { file } from '../../modules/index.ts';
import { onHost, runTasks, testCluster } from '../integration/helpers.ts';
import { descendants, hostProcesses } from './fault-helpers.ts';

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

describe('interrupted writes', () => {
  const cluster = testCluster();
  const host = cluster.hosts[2]!;
  /** The host's root as the controller sees it: the overlay it boots from. */
  const onDisk = (path: string) => join(host.dir, 'merged', path);

  afterAll(() => onHost(host.name, 'umount /srv/full 2>/dev/null; rm -rf /srv/full /home/core/big'));

  it('sshd killed mid-write: the old content stays, and the next run writes the new one and leaves no temp file', async () => {
    const dir = '/home/core/big';
    // Owned core:root, as a file an admin handed over: the login user may replace it but cannot
    // give the new one root's group (that once failed the write).
    await onHost(host.name, `mkdir -p ${dir} && echo old > ${dir}/data.bin && chown -R core:root ${dir}`);
    const content = Buffer.alloc(96 * 1024 * 1024, 'corectl');
    const tasks: [string, ReturnType<typeof file>][] = [['big file', file({ path: `${dir}/data.bin`, content })]];
    // As the login user the content streams over an exec channel straight into the temp file.
    const writing = runTasks(host.name, tasks, {}, false);
    let temp: string | undefined;
    for (let tries = 0; tries < 3000 && !temp; tries++) {
      temp = readdirSync(onDisk(dir)).find((name) => name.startsWith('.data.bin.corectl.'));
      if (!temp) await sleep(5);
    }
    expect(temp, 'the write never started').toBeDefined();
    // SIGKILL sshd's session process and everything under it: nothing gets to clean up.
    const sessions = await hostProcesses(host, /^sshd(-session)?: core/);
    expect(sessions.length).toBeGreaterThan(0);
    for (const pid of [...sessions, ...descendants(sessions)]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    const interrupted = await writing;
    expect(interrupted.finished[0]!.result).toMatchObject({ failed: true, message: expect.stringMatching(/connection lost while a command was running; it may or may not have completed; the host is back$/) });
    expect(readFileSync(onDisk(`${dir}/data.bin`), 'utf8')).toBe('old\n');
    expect(existsSync(onDisk(`${dir}/${temp}`)), 'a killed write leaves its temp file').toBe(true);

    const again = await runTasks(host.name, tasks, {}, false);
    expect(again.statuses).toEqual(['big file: changed']);
    expect(sha(readFileSync(onDisk(`${dir}/data.bin`)))).toBe(sha(content));
    expect(readdirSync(onDisk(dir))).toEqual(['data.bin']);
  }, 120_000);

  it('a full filesystem: a clear error, the old file intact, no temp file', async () => {
    await onHost(host.name, 'mkdir -p /srv/full && mount -t tmpfs -o size=64k tmpfs /srv/full && echo "old settings" > /srv/full/app.conf && head -c 40000 /dev/zero > /srv/full/filler');
    const result = await runTasks(host.name, [['app.conf', file({ path: '/srv/full/app.conf', content: 'x'.repeat(48 * 1024) })]]);
    expect(result.finished[0]!.result).toMatchObject({ failed: true, message: expect.stringMatching(/^\/srv\/full\/app\.conf: writing the new content failed: .*No space left on device; the old file is unchanged/) });
    expect(await onHost(host.name, 'cat /srv/full/app.conf; ls -A /srv/full')).toBe('old settings\napp.conf\nfiller\n');
  });

  it('a full filesystem under short text (written by the shell itself): the same clear error', async () => {
    await onHost(host.name, 'mkdir -p /srv/full2 && mount -t tmpfs -o size=64k tmpfs /srv/full2 && echo "old settings" > /srv/full2/app.conf && { head -c 70000 /dev/zero > /srv/full2/filler || :; }');
    const result = await runTasks(host.name, [['app.conf', file({ path: '/srv/full2/app.conf', content: 'setting = 1\n'.repeat(300), mode: '0644' })]]);
    expect(result.finished[0]!.result).toMatchObject({ failed: true, message: expect.stringMatching(/^\/srv\/full2\/app\.conf: writing the new content failed: .*No space left on device; the old file is unchanged/) });
    expect(await onHost(host.name, 'cat /srv/full2/app.conf; ls -A /srv/full2')).toBe('old settings\napp.conf\nfiller\n');
  });
});
