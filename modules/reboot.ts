// reboot: restarts the host when it needs it (a staged rpm-ostree deployment, /run/reboot-required,
// or a task of this run said so) or when forced; the engine waits for a new boot id, reconnects
// and gathers facts again, then this module checks that the staged deployment is the booted one.
import { z } from 'zod';
import { defineModule, shellScript } from 'corectl/module';
import script from './reboot.sh';
import verifyBooted from './reboot-verify.sh';

const schema = z.strictObject({
  /** Reboot even when nothing asks for it. */
  force: z.boolean().default(false),
  /** Seconds to wait for the host to come back. */
  timeout: z.number().int().positive().default(600),
});

/** @example play.handler('reboot', reboot()) — notified by rpmOstree tasks; with `serial`, a rolling reboot */
export const reboot = defineModule({
  name: 'reboot',
  ansible: 'ansible.builtin.reboot',
  schema,
  describe: (o) => (o.force ? 'forced' : 'when required'),
  remote: (o, env) => ({
    become: true,
    script: shellScript(script, o.force ? 'forced' : (env.context.rebootRequired ?? ''), o.timeout),
  }),
  afterReboot: () => ({ become: true, script: shellScript(verifyBooted) }),
});
