// `corectl completion bash|zsh`: a completion script made from the commands' own option specs, so
// it completes exactly the options each command takes. zsh gets the same function through
// bashcompinit, which zsh ships for this.
import { caOptionSpec } from './ca-command.ts';
import { connectionOptionSpec } from './connection-options.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import { ignitionOptionSpec } from './ignition-command.ts';
import { initOptionSpec } from './init-command.ts';
import { inventoryOptionSpec } from './inventory-command.ts';
import { runOptionSpec } from './run-command.ts';
import { runsOptionSpec } from './runs-command.ts';
import { reportOptionSpec } from './report-command.ts';
import { secretsOptionSpec } from './secrets-command.ts';
import { UsageError } from '../errors/usage-error.ts';

type Spec = Record<string, { type: string; short?: string }>;

const SPECS: Record<string, Spec> = {
  run: runOptionSpec, check: runOptionSpec, exec: connectionOptionSpec, facts: connectionOptionSpec,
  inventory: inventoryOptionSpec, secrets: secretsOptionSpec, ca: caOptionSpec, init: initOptionSpec, runs: runsOptionSpec, report: reportOptionSpec, ignition: ignitionOptionSpec, completion: {},
};

/** Options whose value is a path: completed with file names. */
const PATH_OPTIONS = ['inventory', 'known-hosts', 'vault-password-file', 'output', 'identity', 'recipients-file', 'dir', 'ansible', 'runs-dir', 'out', 'butane', 'host-keys'];

function flags(spec: Spec): string {
  return Object.entries(spec).flatMap(([name, option]) => [`--${name}`, ...(option.short ? [`-${option.short}`] : [])]).concat('--help').join(' ');
}

export function completionScript(shell: 'bash' | 'zsh'): string {
  const cases = Object.entries(SPECS).map(([command, spec]) => `    ${command}) opts="${flags(spec)}" ;;`).join('\n');
  const paths = PATH_OPTIONS.map((name) => `--${name}`).concat('-i', '-o', '-R').join('|');
  const bash = `_corectl() {
  # $2 and $3 (the word being completed and the one before) are given by bash and by zsh's
  # bashcompinit alike; \${COMP_WORDS[@]:1:1} is the second word in both, whatever the array base.
  local cur="$2" prev="$3" command="\${COMP_WORDS[@]:1:1}" opts
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${Object.keys(SPECS).join(' ')} help --help --version" -- "$cur") )
    return
  fi
  case "$prev" in
    ${paths}) COMPREPLY=( $(compgen -f -- "$cur") ); return ;;
  esac
  case "$command" in
${cases}
    *) opts="" ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
  elif [ "$command" = run ] || [ "$command" = check ]; then
    COMPREPLY=( $(compgen -f -X '!*.ts' -- "$cur") $(compgen -d -- "$cur") )
  else
    COMPREPLY=( $(compgen -f -- "$cur") )
  fi
}
complete -o filenames -F _corectl corectl
`;
  return shell === 'bash' ? `# corectl completion for bash: source <(corectl completion bash)\n${bash}` : `#compdef corectl\n# corectl completion for zsh: source <(corectl completion zsh)\nautoload -U +X bashcompinit && bashcompinit\n${bash}`;
}

export async function completionCommand(argv: string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const shell = argv[0];
  if ((shell !== 'bash' && shell !== 'zsh') || argv.length > 1) throw new UsageError('usage: corectl completion bash|zsh');
  out.write(completionScript(shell));
  return ExitCode.ok;
}
