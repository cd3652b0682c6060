// One run per host at a time: a run takes the host's lock (flock on /run/corectl/run.lock, as root)
// on its connection, exclusive for `run`, shared for `check`, `exec` and `facts`, and holds it on
// a channel of its own for as long as the connection is up (run-lock.sh waits for its stdin to
// close). A second run waits with a line saying whose run it waits for, or with --no-wait gives
// the host up at once. A killed run's connection goes, and its lock with it.
import { hostname, userInfo } from 'node:os';
import type { Client } from 'ssh2';
import { shellScript } from '../module-api/shell-source.ts';
import { withBecome } from './become.ts';
import { ConnectionLostError, HostUnreachableError } from './errors.ts';
import { scriptOnStdin } from './script-on-stdin.ts';
import script from './run-lock.sh';

export interface RunLockSettings {
  mode: 'exclusive' | 'shared';
  /** false: a host another run holds is given up at once (--no-wait). */
  wait: boolean;
  /** Told once per host that waits, with who holds it. */
  onWait: (host: string, owner: string) => void;
  /** Told when a host's lock cannot be taken at all (sudo refused): the run goes on without it there. */
  onUnlocked: (host: string, reason: string) => void;
}

/** The line a run waiting for a host shows. */
export function waitingLine(host: string, owner: string): string {
  return `${host}: waiting for the run of ${owner} to end (one corectl run per host at a time; --no-wait gives the host up instead)`;
}

/** Who this run is, as a waiting run shows it. */
export const RUN_OWNER = `${userInfo().username}@${hostname()} (pid ${process.pid}) since ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`;

/** The lock script as it is sent, with its arguments. */
export function runLockScript(mode: RunLockSettings['mode'], owner: string, wait: boolean): string {
  return shellScript(script, mode, owner, wait ? 'wait' : 'no-wait');
}

/**
 * Takes the host's lock on a channel of the connection; resolves true once it is held, false when
 * it could not be taken (said through onUnlocked). The channel stays open until the connection ends.
 */
export function takeRunLock(client: Client, host: string, loginUser: string, settings: RunLockSettings): Promise<boolean> {
  const { command, stdin } = scriptOnStdin(runLockScript(settings.mode, RUN_OWNER, settings.wait));
  const prepared = withBecome(command, loginUser, { become: true, stdin });
  return new Promise((resolve, reject) => {
    client.exec(prepared.command, (error, channel) => {
      if (error) {
        settings.onUnlocked(host, error.message);
        resolve(false);
        return;
      }
      let out = '';
      let err = '';
      let held = false;
      let holder = '';
      channel.on('data', (data: Buffer) => {
        out += data.toString();
        for (let end = out.indexOf('\n'); end >= 0; end = out.indexOf('\n')) {
          const line = out.slice(0, end);
          out = out.slice(end + 1);
          if (line.startsWith('busy ')) {
            holder = line.slice(5) || 'another run';
            if (settings.wait) settings.onWait(host, holder);
          }
          else if (line === 'locked') {
            held = true;
            resolve(true);
          }
        }
      });
      channel.stderr.on('data', (data: Buffer) => (err += data.toString()));
      channel.on('close', (code: number | null | undefined) => {
        if (held) return;
        if (code === 3) reject(new HostUnreachableError(host, `${host}: the run of ${holder || 'another corectl'} holds it; --no-wait gives it up at once`));
        // No exit status: the connection went (the run stopped while it waited, or the host dropped).
        else if (typeof code !== 'number') reject(new ConnectionLostError(host, `${host}: the connection closed while waiting for the host's run lock`));
        else {
          settings.onUnlocked(host, err.trim().split('\n')[0] || `exit code ${code}`);
          resolve(false);
        }
      });
      // The script, then nothing more: stdin stays open, and with it the lock.
      channel.write(prepared.stdin ?? '');
    });
  });
}

