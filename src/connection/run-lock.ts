// One run per host at a time: a run takes the host's lock (flock on /run/corectl/run.lock, which
// root makes once per boot and any login user can then take without sudo) on its connection,
// exclusive for `run`, shared for `check`, `exec` and `facts`, and holds it on
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
  /** Told when a host's lock cannot be taken at all (no lock file, and sudo refused): the run goes on without it there. */
  onUnlocked: (host: string, reason: string) => void;
}

/** The line a run waiting for a host shows. */
export function waitingLine(host: string, owner: string): string {
  return `${host}: waiting for the run of ${owner} to end (one corectl run per host at a time; --no-wait gives the host up instead)`;
}

/** Who this run is, as a waiting run shows it. */
export const RUN_OWNER = `${userInfo().username}@${hostname()} (pid ${process.pid}) since ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`;

/** The lock script as it is sent, with its arguments. */
export function runLockScript(mode: RunLockSettings['mode'], owner: string, wait: boolean, asRoot = false): string {
  return shellScript(script, mode, owner, wait ? 'wait' : 'no-wait', asRoot ? 'root' : 'user');
}

/**
 * Takes the host's lock on a channel of the connection; resolves true once it is held, false when
 * it could not be taken (said through onUnlocked). The channel stays open until the connection
 * ends. Tried as the login user first (no sudo: the lock file is readable by all once made), then
 * as root when the lock file is not there yet (the first run after a boot).
 */
export async function takeRunLock(client: Client, host: string, loginUser: string, settings: RunLockSettings): Promise<boolean> {
  const asUser = await attempt(client, host, loginUser, settings, loginUser === 'root');
  const outcome = asUser === 'needs-root' ? await attempt(client, host, loginUser, settings, true) : asUser;
  return outcome === 'held';
}

/** held: on this channel; unlocked: not held here (could not be, or this run holds it on another connection). */
type Attempt = 'held' | 'unlocked' | 'needs-root';

function attempt(client: Client, host: string, loginUser: string, settings: RunLockSettings, asRoot: boolean): Promise<Attempt> {
  const { command, stdin } = scriptOnStdin(runLockScript(settings.mode, RUN_OWNER, settings.wait, asRoot));
  const prepared = asRoot && loginUser !== 'root' ? withBecome(command, loginUser, { become: true, stdin }) : { command, stdin };
  return new Promise((resolve, reject) => {
    client.exec(prepared.command, (error, channel) => {
      if (error) {
        settings.onUnlocked(host, error.message);
        resolve('unlocked');
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
            // This run holds the host already, through another name for it (two inventory names
            // for one machine): waiting would be waiting for itself.
            if (holder === RUN_OWNER) {
              held = true;
              channel.close();
              resolve('unlocked');
            } else if (settings.wait) settings.onWait(host, holder);
          }
          else if (line === 'locked') {
            held = true;
            resolve('held');
          }
        }
      });
      channel.stderr.on('data', (data: Buffer) => (err += data.toString()));
      channel.on('close', (code: number | null | undefined) => {
        if (held) return;
        if (code === 3) reject(new HostUnreachableError(host, `${host}: the run of ${holder || 'another corectl'} holds it; --no-wait gives it up at once`));
        else if (code === 5 && !asRoot) resolve('needs-root');
        // No exit status: the connection went (the run stopped while it waited, or the host dropped).
        else if (typeof code !== 'number') reject(new ConnectionLostError(host, `${host}: the connection closed while waiting for the host's run lock`));
        else {
          settings.onUnlocked(host, err.trim().split('\n')[0] || `exit code ${code}`);
          resolve('unlocked');
        }
      });
      // The script, then nothing more: stdin stays open, and with it the lock.
      channel.write(prepared.stdin ?? '');
    });
  });
}
