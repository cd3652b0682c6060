// The shipped systemd units: checked by systemd's own `systemd-analyze verify`, consistent with
// one another and with corectl's options, and the failure notice really posting what it says.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runOptionSpec } from '../../../src/cli/run-command.ts';
import { webhookReceiver } from '../../webhook-receiver.ts';

const DIR = 'deploy/systemd';

/** A unit file's settings, continuation lines joined: `Key` -> every value given. */
function settings(unit: string): Record<string, string[]> {
  const text = readFileSync(join(DIR, unit), 'utf8').replace(/\\\n/g, ' ');
  const found: Record<string, string[]> = {};
  for (const match of text.matchAll(/^([A-Za-z]+)=(.*)$/gm)) (found[match[1]!] ??= []).push(match[2]!.trim());
  return found;
}

/** A command line split as systemd splits it: double or single quotes group, a backslash escapes. */
function systemdWords(line: string): string[] {
  const words: string[] = [];
  for (const match of line.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)) words.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2] ?? match[3]!);
  return words;
}

function verify(dir: string): string {
  const units = readdirSync(dir).map((name) => join(dir, name));
  const result = spawnSync('systemd-analyze', ['verify', ...units], { encoding: 'utf8', env: { ...process.env, SYSTEMD_LOG_LEVEL: 'notice' } });
  return `${result.stdout}${result.stderr}`.trim();
}

describe('deploy/systemd', () => {
  it('passes systemd-analyze verify without a word, which a misspelt key would not', () => {
    expect(verify(DIR)).toBe('');
    const broken = mkdtempSync(join(tmpdir(), 'corectl-units-'));
    for (const name of readdirSync(DIR)) copyFileSync(join(DIR, name), join(broken, name));
    writeFileSync(join(broken, 'corectl-drift.service'), readFileSync(join(DIR, 'corectl-drift.service'), 'utf8').replace('OnFailure=', 'OnFailur='));
    expect(verify(broken)).toMatch(/Unknown key 'OnFailur'/);
  });

  it('runs corectl check with options corectl takes, keeps cache and runs where systemd keeps state, and calls its failure unit', () => {
    const drift = settings('corectl-drift.service');
    const env = Object.fromEntries(drift.Environment!.map((e) => e.split('=', 2) as [string, string]));
    expect(env.XDG_CACHE_HOME).toBe(`/var/cache/${drift.CacheDirectory![0]}`);
    expect(env.CORECTL_RUNS_DIR).toMatch(new RegExp(`^/var/lib/${drift.StateDirectory![0]}/`));
    expect(drift.SuccessExitStatus).toEqual(['5']);
    expect(readdirSync(DIR)).toContain(drift.OnFailure![0]);
    const command = drift.ExecStart![0]!.split(/\s+/);
    const check = command.indexOf('check');
    // corectl itself (npx would be what systemd sees killed by a stop signal), from the site's own install.
    expect(command.slice(0, check)).toEqual(['/usr/bin/env', `${drift.WorkingDirectory![0]}/node_modules/.bin/corectl`]);
    // The comment's way to list past runs runs the same corectl, from the same directory.
    expect(readFileSync(join(DIR, 'corectl-drift.service'), 'utf8')).toContain(`# Past runs: cd ${drift.WorkingDirectory![0]} && sudo -u ${drift.User![0]} CORECTL_RUNS_DIR=${env.CORECTL_RUNS_DIR} node_modules/.bin/corectl runs`);
    const { values } = parseArgs({ args: command.slice(check + 1), options: runOptionSpec, allowPositionals: true, strict: true });
    expect(values['notify-webhook']).toMatch(/^https:/);
    // Both units post to the same place.
    expect(settings('corectl-drift-failed.service').ExecStart![0]).toContain(values['notify-webhook']);
  });

  it('the failure unit stays quiet on the nights corectl posted itself (2, 3, 130, 143), and speaks for every other failure', () => {
    const [command, ...args] = systemdWords(settings('corectl-drift-failed.service').ExecCondition![0]!);
    const skipped = (result: string, status: string) => {
      const words = args.map((word) => word.replace(/\$\{(\w+)\}/g, (_, name: string) => ({ MONITOR_SERVICE_RESULT: result, MONITOR_EXIT_STATUS: status })[name] ?? ''));
      return spawnSync(command!, words).status !== 0;
    };
    // The exit codes after which corectl's own run posts (notifyWebhook: every non-zero end of a run).
    for (const status of ['2', '3', '130', '143']) expect(skipped('exit-code', status), status).toBe(true);
    for (const [result, status] of [['exit-code', '1'], ['exit-code', '4'], ['signal', '9'], ['timeout', '15'], ['oom-kill', '9'], ['', '']]) {
      expect(skipped(result!, status!), `${result}:${status}`).toBe(false);
    }
  });

  it('the failure unit posts JSON with a text line naming the host, the result and the exit status', async () => {
    const { url, received, close } = await webhookReceiver();
    try {
      // What systemd would run: its words, %H the host name, ${MONITOR_*} from the failed unit.
      const environment: Record<string, string> = { MONITOR_SERVICE_RESULT: 'exit-code', MONITOR_EXIT_STATUS: '3' };
      const [command, ...args] = systemdWords(settings('corectl-drift-failed.service').ExecStart![0]!)
        .map((word) => word.replaceAll('%H', hostname()).replace(/\$\{(\w+)\}/g, (_, name: string) => environment[name] ?? ''))
        .map((word) => (word.startsWith('https://') ? url : word));
      // Not spawnSync: the receiver answers from this process's event loop.
      const result = await promisify(execFile)(command!, args, { encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect(received).toEqual([{ text: `corectl-drift.service failed on ${hostname()} (exit-code, exit status 3): journalctl -u corectl-drift` }]);
    } finally {
      close();
    }
  });
});
