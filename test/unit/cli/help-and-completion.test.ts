// Every command answers --help with its own usage, listing every option it takes; --version; and
// shell completion that real bash and zsh load and that completes commands, options and files.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caOptionSpec } from '../../../src/cli/ca-command.ts';
import { completionScript } from '../../../src/cli/completion-command.ts';
import { connectionOptionSpec } from '../../../src/cli/connection-options.ts';
import { COMMAND_HELP } from '../../../src/cli/help-text.ts';
import { ignitionOptionSpec } from '../../../src/cli/ignition-command.ts';
import { initOptionSpec } from '../../../src/cli/init-command.ts';
import { inventoryOptionSpec } from '../../../src/cli/inventory-command.ts';
import { runOptionSpec } from '../../../src/cli/run-command.ts';
import { runsOptionSpec } from '../../../src/cli/runs-command.ts';
import { reportOptionSpec } from '../../../src/cli/report-command.ts';
import { secretsOptionSpec } from '../../../src/cli/secrets-command.ts';

const CORECTL = resolve('bin/corectl.js');
const corectl = (...args: string[]) => spawnSync(process.execPath, [CORECTL, ...args], { encoding: 'utf8' });

const SPECS = { run: runOptionSpec, check: runOptionSpec, exec: connectionOptionSpec, facts: connectionOptionSpec, inventory: inventoryOptionSpec, secrets: secretsOptionSpec, ca: caOptionSpec, init: initOptionSpec, runs: runsOptionSpec, report: reportOptionSpec, ignition: ignitionOptionSpec };

describe('help', () => {
  it.each(Object.entries(SPECS))('corectl %s --help lists every option the command takes', (command, spec) => {
    const result = corectl(command, '--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(COMMAND_HELP[command]);
    for (const name of Object.keys(spec)) expect(result.stdout, `--${name}`).toContain(`--${name}`);
  });

  it('prints the version from package.json, and the top-level help names every command and the exit codes', () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(corectl('--version').stdout).toBe(`corectl ${version}\n`);
    const help = corectl('--help').stdout;
    for (const command of [...Object.keys(SPECS), 'completion']) expect(help).toMatch(new RegExp(`^  ${command} `, 'm'));
    for (const option of ['--plain', '--report', '--notify-webhook', '--skip-tags', '--no-typecheck', '--vault-id', '-v/--verbose', 'NO_COLOR']) expect(help).toContain(option);
    expect(help).toMatch(/Exit codes: 0 ok.*\n.*5 drift/);
  });

  it('leaves --help after -- to the command exec runs', () => {
    const result = corectl('exec', 'nohost', '-i', 'nohost,', '--', 'ls', '--help');
    expect(result.stdout).not.toContain('usage: corectl exec');
  });
});

describe('shell completion', () => {
  const complete = (shell: 'bash' | 'zsh', words: string[]) => {
    // Called as bash calls it, and as zsh's bashcompinit does: command, current word, previous word.
    const script = `${completionScript(shell)}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _corectl corectl '${words.at(-1)}' '${words.at(-2)}'; printf '%s\\n' "\${COMPREPLY[@]}"`;
    return execFileSync(shell === 'bash' ? 'bash' : 'zsh', ['-c', script], { cwd: resolve('.'), encoding: 'utf8' }).split('\n').filter(Boolean);
  };

  it('bash: completes commands, each command\'s options, playbooks and paths', () => {
    expect(complete('bash', ['corectl', 'ch'])).toEqual(['check']);
    expect(complete('bash', ['corectl', 'run', '--fo']).sort()).toEqual(['--force-handlers', '--forks']);
    expect(complete('bash', ['corectl', 'inventory', '--li']).sort()).toEqual(['--limit', '--list', '--list-hosts']);
    expect(complete('bash', ['corectl', 'check', 'playbooks/si'])).toContain('playbooks/site.ts');
    expect(complete('bash', ['corectl', 'run', '-i', 'invent'])).toContain('inventory');
  });

  // zsh's bashcompinit runs the same function and leaves matching what was typed to zsh's own
  // completion (compadd), so here the candidates are checked, not the filtering.
  it('zsh: loads through bashcompinit and offers the commands and each command\'s options', () => {
    expect(complete('zsh', ['corectl', 'ch'])).toEqual(expect.arrayContaining(['run', 'check', 'inventory', 'completion']));
    const runOptions = complete('zsh', ['corectl', 'run', '--fo']);
    expect(runOptions).toEqual(expect.arrayContaining(['--forks', '--force-handlers', '--vault-id']));
    expect(runOptions).toEqual(expect.arrayContaining(['--list-hosts', '--list-tasks']));
    expect(runOptions).not.toContain('--graph');
    expect(complete('zsh', ['corectl', 'inventory', '--li'])).toEqual(expect.arrayContaining(['--list', '--list-hosts', '--graph']));
  });
});
