// waitForConnection against ansible.builtin.wait_for_connection, on a host that answers (a host
// that does not is tested on its own, with sshd stopped: test/integration/wait-for-connection.test.ts).
// What each tool then does is written down by the next task, so the play is seen to go on.
import { file, waitForConnection } from '../../../../modules/index.ts';
import type { LanguageCase } from '../../language/language-case.ts';

const DIR = '/var/tmp/corectl-wfc';
const setup = `rm -rf ${DIR}; mkdir -p ${DIR}`;
const probe = `cat ${DIR}/after 2>/dev/null || echo nothing`;
const CHECK = "in check mode: corectl's waitForConnection waits too (it only looks); Ansible's is skipped";

const wait = (id: string, args: { timeout?: number; delay?: number; sleep?: number }): LanguageCase => ({
  id: `wait-for-connection-${id}`, source: 'ansible', setup, probe,
  ansible: [
    { name: 'answers', 'ansible.builtin.wait_for_connection': args },
    { name: 'after', 'ansible.builtin.copy': { dest: `${DIR}/after`, content: 'went on\n' } },
  ],
  corectl: (play) => {
    play.task('answers', waitForConnection(args));
    play.task('after', file({ path: `${DIR}/after`, content: 'went on\n' }));
  },
  deliberate: CHECK, deliberateIn: ['check'],
});

export const connectionCases: LanguageCase[] = [
  wait('defaults', {}),
  wait('delay-sleep-timeout', { delay: 1, sleep: 2, timeout: 30 }),
];
