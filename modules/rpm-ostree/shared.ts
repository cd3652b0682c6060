// What every rpm-ostree module shares: reading `rpm-ostree status --json` on the host (with jq,
// which Fedora CoreOS ships), and saying "reboot required" whenever a deployment is staged, so a
// later reboot task or handler knows, even when this run changed nothing.
import { z } from 'zod';
import { sh } from 'corectl/module';

/** A package, ref or karg: no whitespace, no glob characters, never an option. */
export const rpmOstreeWordSchema = z
  .string()
  .min(1)
  .refine((w) => !w.startsWith('-'), 'must not start with "-"')
  .refine((w) => !/[\s*?[\]\0'"\\]/.test(w), 'must not contain whitespace, quotes, backslashes or glob characters');

/**
 * Sets $status to the status JSON. For upgrades and rebases, which an update driver (Zincati)
 * owns, also sets $bypass to --bypass-driver when one is registered, or refuses.
 */
export function readStatus(driver: 'bypass' | 'refuse' | 'not-involved'): string {
  const status = sh`command -v rpm-ostree >/dev/null 2>&1 || { echo 'rpm-ostree not found: this host is not an rpm-ostree system' >&2; exit 1; }
command -v jq >/dev/null 2>&1 || { echo 'jq not found (Fedora CoreOS ships it)' >&2; exit 1; }
status=$(rpm-ostree status --json) || exit 1
`;
  if (driver === 'not-involved') return status;
  return `${status}bypass=''
driver=$(printf '%s' "$status" | jq -r '.["update-driver"] // empty | "\\(.["driver-name"]) (\\(.["driver-sd-unit"]))"')
if [ -n "$driver" ]; then
  ${driver === 'bypass'
    ? `bypass=--bypass-driver; corectl_msg "bypassing the update driver $driver: this task manages the deployment"`
    : `echo "updates on this host are driven by $driver; set bypassDriver: true to act anyway" >&2; exit 1`}
fi
`;
}

/** After the change (or, in check mode, instead of it): report a staged deployment. */
export function reportStaged(wouldStage: string): string {
  return sh`if [ "$corectl_check" = 1 ] && [ "$changes" = 1 ]; then corectl_reboot_required ${wouldStage}; fi
staged=$(rpm-ostree status --json | jq -r '([.deployments[] | select(.booted)][0]["live-replaced"]) as $live
  | .deployments[0] | select((.booted | not) and .checksum != $live) | .id') || exit 1
if [ -n "$staged" ]; then corectl_reboot_required "deployment $staged is staged"; corectl_data staged "$staged"; fi
`;
}
