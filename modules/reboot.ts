// reboot: restarts the host when it needs it (a staged rpm-ostree deployment, /run/reboot-required,
// or a task of this run said so) or when forced; the engine waits for a new boot id, reconnects
// and gathers facts again, then this module checks that the staged deployment is the booted one.
import { z } from 'zod';
import { defineModule, sh } from 'corectl/module';

const schema = z.strictObject({
  /** Reboot even when nothing asks for it. */
  force: z.boolean().default(false),
  /** Seconds to wait for the host to come back. */
  timeout: z.number().int().positive().default(600),
});

// The staged deployment must be the one that booted: on Fedora CoreOS a failed boot check
// (greenboot) or a rollback would bring the host back on the old one.
const VERIFY_BOOTED = `if command -v rpm-ostree >/dev/null 2>&1; then
  pending=$(rpm-ostree status --json | jq -r '.deployments[0] | select(.booted | not) | .id') || exit 1
  if [ -n "$pending" ]; then echo "the host came back, but not on the staged deployment $pending" >&2; exit 1; fi
  corectl_msg "booted $(rpm-ostree status --json | jq -r '.deployments[] | select(.booted) | .id')"
fi
`;

/** @example play.handler('reboot', reboot()) — notified by rpmOstree tasks; with `serial`, a rolling reboot */
export const reboot = defineModule({
  name: 'reboot',
  schema,
  describe: (o) => (o.force ? 'forced' : 'when required'),
  remote: (o, env) => ({
    become: true,
    script: sh`reason=${o.force ? 'forced' : (env.context.rebootRequired ?? '')}
if [ -z "$reason" ] && command -v rpm-ostree >/dev/null 2>&1; then
  rpm-ostree status --pending-exit-77 >/dev/null 2>&1
  if [ $? = 77 ]; then reason='a deployment is staged'; fi
fi
if [ -z "$reason" ] && [ -e /run/reboot-required ]; then reason=/run/reboot-required; fi
if [ -z "$reason" ]; then corectl_msg 'no reboot required'; exit 0; fi
corectl_msg "reboot: $reason"
if [ "$corectl_check" = 1 ]; then corectl_changed; exit 0; fi
# A timer starts the reboot a moment later, so this step's answer gets home first.
systemd-run --quiet --on-active=1 --timer-property=AccuracySec=100ms /usr/bin/systemctl reboot || exit 1
corectl_changed
corectl_rebooting ${o.timeout}
`,
  }),
  afterReboot: () => ({ become: true, script: VERIFY_BOOTED }),
});
