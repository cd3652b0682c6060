// corectl's command dispatcher. Known error types become one clear line and a documented exit
// code; anything else is a bug and keeps its stack trace.
import { CorectlError } from '../errors/corectl-error.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import { UsageError } from '../errors/usage-error.ts';
import { redactText } from '../secrets/sensitive-values.ts';
import { COMMAND_HELP } from './help-text.ts';
import { releaseEarlyStop } from './early-stop.ts';
import { corectlVersion } from '../corectl-package.ts';
import { visibleText } from '../report/visible-text.ts';

// Each command loads its own code when it runs: `corectl exec` never pays for the playbook
// machinery, and nothing pays for what it does not use.
const COMMANDS: Record<string, { run: (argv: string[]) => Promise<number>; summary: string }> = {
  run: { run: async (argv) => (await import('./run-command.ts')).runCommand(argv, 'run'), summary: 'converge hosts:  corectl run PLAYBOOK.ts [-i INV] [--check] [--diff] [--tags T]' },
  check: { run: async (argv) => (await import('./run-command.ts')).runCommand(argv, 'check'), summary: 'drift check (check mode + diff, exit 5 on drift):  corectl check PLAYBOOK.ts' },
  facts: { run: async (argv) => (await import('./facts-command.ts')).factsCommand(argv), summary: 'print hosts\' facts as JSON:  corectl facts PATTERN [-i INV]' },
  ignition: { run: async (argv) => (await import('./ignition-command.ts')).ignitionCommand(argv), summary: 'first-boot Ignition configs:  corectl ignition PLAYBOOK.ts --out DIR [--butane FILE] | ignition serve DIR --listen PORT' },
  exec: { run: async (argv) => (await import('./exec-command.ts')).execCommand(argv), summary: 'run a shell command on hosts:  corectl exec PATTERN [-i INV] [--become] -- CMD' },
  ca: { run: async (argv) => (await import('./ca-command.ts')).caCommand(argv), summary: 'certificate authorities:  corectl ca init NAME | ca list [--issued] | ca show NAME' },
  secrets: { run: async (argv) => (await import('./secrets-command.ts')).secretsCommand(argv), summary: 'encrypted secrets files (age):  corectl secrets encrypt|decrypt|edit FILE | secrets keygen' },
  inventory: { run: async (argv) => (await import('./inventory-command.ts')).inventoryCommand(argv), summary: 'show the inventory:  corectl inventory [-i INV] [--list|--graph|--host NAME|--list-hosts PATTERN]' },
  report: { run: async (argv) => (await import('./report-command.ts')).reportCommand(argv), summary: 'merge the reports of --shard slices:  corectl report merge SLICE.json... [--report ...]' },
  runs: { run: async (argv) => (await import('./runs-command.ts')).runsCommand(argv), summary: 'past runs kept with --runs-dir:  corectl runs | runs show ID|latest' },
  init: { run: async (argv) => (await import('./init-command.ts')).initCommand(argv), summary: 'start a site repository:  corectl init DIR [--ansible ANSIBLE_SITE_DIR]' },
  completion: { run: async (argv) => (await import('./completion-command.ts')).completionCommand(argv), summary: 'shell completion:  corectl completion bash|zsh' },
};

const HELP = `corectl: converge Fedora CoreOS hosts over SSH

Commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`).join('\n')}

\`corectl COMMAND --help\` shows a command's usage and every option it takes.

Common options: -i/--inventory PATH (default: $CORECTL_INVENTORY, ansible.cfg's inventory, ./inventory),
  -l/--limit PATTERN, -f/--forks N (50), -b/--become, --host-key-check strict|accept-new|off,
  --known-hosts FILE, --require-post-quantum, --no-wait, --connect-timeout SECONDS (10), --reconnect-timeout SECONDS (120: how long a
  dropped host is retried before it counts as unreachable), --timeout SECONDS (per command),
  -v/--verbose, --vault-password-file FILE, --vault-id [LABEL@]FILE|prompt, --ask-vault-pass (Ansible Vault)

run/check options: -C/--check, -D/--diff, -t/--tags T, --skip-tags T, --force-handlers,
  --stop-grace SECONDS (30: how long running tasks get after Ctrl-C/SIGTERM/SIGHUP),
  --report json=PATH|junit=PATH, --notify-webhook URL, --plain, --no-typecheck,
  --runs-dir DIR (default $CORECTL_RUNS_DIR: keep every run's report there), --keep-runs N (30),
  --shard I/N (the I-th of N slices of the hosts, 0 <= I < N)

Other: --version, --help. NO_COLOR=1 turns colours off; CI=true (or no terminal) gives plain output.

Exit codes: 0 ok, 1 internal error, 2 a task failed, 3 a host unreachable, 4 usage error,
  5 drift (check), 129/130/143 stopped by SIGHUP/Ctrl-C/SIGTERM
`;

export async function main(argv: string[]): Promise<number> {
  ignoreClosedOutput();
  // NO_COLOR (https://no-color.org): chalk, under ink, reads FORCE_COLOR when it loads.
  if (process.env.NO_COLOR) process.env.FORCE_COLOR = '0';
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V' || name === 'version') {
    process.stdout.write(`corectl ${corectlVersion()}\n`);
    return ExitCode.ok;
  }
  if (name === 'help' && rest[0] && COMMAND_HELP[rest[0]]) {
    process.stdout.write(COMMAND_HELP[rest[0]]!);
    return ExitCode.ok;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(HELP);
    return name ? ExitCode.ok : ExitCode.usage;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`corectl: unknown command "${name}"\n\n${HELP}`);
    return ExitCode.usage;
  }
  // `corectl run --help`: the command's own usage (before `--`, after which words are exec's command).
  const own = rest.indexOf('--') < 0 ? rest : rest.slice(0, rest.indexOf('--'));
  if (own.includes('--help') || own.includes('-h')) {
    process.stdout.write(COMMAND_HELP[name] ?? HELP);
    return ExitCode.ok;
  }
  // run and check take a stop signal that came while corectl was starting; other commands end by it.
  if (name !== 'run' && name !== 'check') releaseEarlyStop();
  try {
    return await command.run(rest);
  } catch (thrown) {
    const error = asCorectlError(thrown);
    if (error) {
      const hint = error.hint ? `\n  hint: ${error.hint}` : '';
      process.stderr.write(`corectl ${name}: ${visibleText(redactText(error.message + hint))}\n`);
      return error.exitCode;
    }
    // A bug: the stack is kept for the report, masked like everything else corectl prints.
    process.stderr.write(`corectl ${name}: internal error (please report it): ${visibleText(redactText(thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown)))}\n`);
    return ExitCode.internalError;
  }
}

/**
 * A reader that goes away (`corectl run site.ts | head`) must not stop a run half way: what is
 * printed after that is dropped, the run finishes, and its exit code still says how it went.
 */
function ignoreClosedOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      // EIO: the terminal itself is gone (a run treats that as a hang-up, run-command.ts).
      if (error.code !== 'EPIPE' && error.code !== 'EIO' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    });
  }
}

/** The error as corectl's own, when it is one (node:util's parseArgs errors are usage errors too). */
function asCorectlError(error: unknown): CorectlError | undefined {
  if (error instanceof CorectlError) return error;
  // node:util parseArgs reports unknown or malformed options with these codes.
  const code = (error as { code?: string } | undefined)?.code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) return new UsageError((error as Error).message);
  return undefined;
}
