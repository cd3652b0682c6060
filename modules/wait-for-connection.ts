// waitForConnection: wait until the host answers over SSH and runs a command, as Ansible's
// wait_for_connection: for hosts that are booting or being provisioned when the play starts (in a
// play with gatherFacts: false, as in Ansible, or the facts would be asked for first). It only
// looks, so it runs in check mode too.
import { z } from 'zod';
import { defineModule, moduleOptions } from 'corectl/module';

const schema = moduleOptions('waitForConnection', {
  /** Seconds before giving up (the task then fails with the last connection error). */
  timeout: z.number().int().min(0).default(600),
  /** Seconds to wait before the first try. */
  delay: z.number().int().min(0).default(0),
  /** Seconds between tries. */
  sleep: z.number().int().min(1).default(1),
}, {
  connect_timeout: 'nothing: each try waits as long as `--connect-timeout` says (ansible.cfg `timeout`, 10 s by default)',
});

/**
 * @example pb.play('new hosts', { hosts: 'new', gatherFacts: false }, (play) => { play.task('answers', waitForConnection({ timeout: 300 })); })
 */
export const waitForConnection = defineModule({
  name: 'waitForConnection',
  ansible: 'ansible.builtin.wait_for_connection',
  schema,
  describe: (o) => `${o.timeout} s`,
  readOnly: true,
  connectWait: (o) => ({ delay: o.delay, interval: o.sleep, timeout: o.timeout }),
  // The host answered: it ran a command (Ansible's ping module, without Python).
  remote: () => ({ script: 'true' }),
  result: () => ({ changed: false }),
});
