// command and shell: run something on the host. A command always counts as a change unless
// `creates`/`removes` say it is not needed (or the task's changedWhen decides). In check mode a
// command is not run: with creates/removes it reports whether it would run, otherwise it is
// skipped, because nobody can know what it would change.
import { z } from 'zod';
import { absolutePathSchema, defineModule, moduleOptions, shellScript, type ModuleDefinition } from 'corectl/module';
import script from './command.sh';

const common = {
  /** Skip when this path exists. @example '/etc/ssh/ssh_host_ed25519_key' */
  creates: absolutePathSchema.optional(),
  /** Skip when this path does not exist. */
  removes: absolutePathSchema.optional(),
  /** Working directory. */
  chdir: absolutePathSchema.optional(),
  /** Sent to the command's stdin (never on its command line). */
  stdin: z.string().optional(),
};

/** The step: command.sh with the guards, then the words to run. */
function guarded(o: { creates?: string; removes?: string; chdir?: string; stdin?: string }, words: string[]) {
  return { script: shellScript(script, o.creates ?? '', o.removes ?? '', o.chdir ?? '', ...words), stdin: o.stdin ?? '' };
}

const result: ModuleDefinition['result'] = (output) =>
  output.data['check-skip'] ? { skipped: true, changed: false, message: 'not run in check mode' } : {};

/**
 * Runs a program with arguments, no shell involved: every argument reaches it exactly.
 *
 * @example command({ argv: ['systemctl', 'restart', 'chronyd'] })
 */
export const command = defineModule({
  name: 'command',
  ansible: 'ansible.builtin.command',
  schema: moduleOptions('command', { argv: z.array(z.string()).min(1), ...common }, {
    cmd: '`argv` (a list of words: no shell parses them)', _raw_params: '`argv`', stdin_add_newline: 'nothing: stdin is sent as given', executable: '`argv[0]`',
  }),
  describe: (o) => o.argv.join(' ').slice(0, 60),
  remote: (o) => guarded(o, o.argv),
  result,
});

/**
 * Runs a shell script (pipes, redirections, variables).
 *
 * @example play.task('recent chronyd log', shell({ script: 'journalctl -u chronyd | tail -n 5' }), { changedWhen: () => false })
 */
export const shell = defineModule({
  name: 'shell',
  ansible: 'ansible.builtin.shell',
  schema: moduleOptions('shell', { script: z.string().min(1), ...common }, {
    cmd: '`script`', _raw_params: '`script`', executable: 'nothing: scripts run with /bin/sh', stdin_add_newline: 'nothing: stdin is sent as given',
  }),
  describe: (o) => o.script.split('\n')[0]!.slice(0, 60),
  remote: (o) => guarded(o, ['sh', '-c', o.script]),
  result,
});
