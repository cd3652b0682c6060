// debug: a message for the reader, shown in the live view, the output and the reports, as
// Ansible's debug. Decided on the controller; the host is not contacted.
import { z } from 'zod';
import { defineModule, moduleOptions } from 'corectl/module';

/**
 * @example debug((ctx) => ({ msg: `kernel ${ctx.facts.kernel}` }))
 */
export const debug = defineModule({
  name: 'debug',
  ansible: 'ansible.builtin.debug',
  schema: moduleOptions('debug', {
    /** What to show. @example 'the cluster has 3 members' */
    msg: z.string(),
  }, { var: 'nothing: compute the value in the options function and put it in `msg`', verbosity: 'nothing: the message is always shown' }),
  describe: () => '',
  local: (o) => ({ message: o.msg, announce: true }),
});
