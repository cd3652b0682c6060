// What every rpm-ostree module shares: the words it passes to rpm-ostree, and the shell functions
// that read the status and report a staged deployment (rpm-ostree-functions.sh).
import { z } from 'zod';
import { shellScript, type ShellArgument } from 'corectl/module';
import functions from './rpm-ostree-functions.sh';

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

/** After the change (or, in check mode, instead of it): report a staged deployment. */

/** A module's script with the shared functions before it. */
export function rpmOstreeScript(script: string, ...args: ShellArgument[]): string {
  return shellScript([functions, script], ...args);
}
