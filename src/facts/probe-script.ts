// The fact probe (probe.sh) and the boot id function (boot-id.sh) it shares with reboots: one
// script, one round trip; parse-facts.ts reads what it prints.
import bootId from './boot-id.sh';
import probe from './probe.sh';
import { shellSource } from '../module-api/shell-source.ts';

/** Defines `corectl_boot_id`, which prints an identifier of this boot of the host. */
export const BOOT_ID_FUNCTION = shellSource(bootId);

export const PROBE_SCRIPT = `${BOOT_ID_FUNCTION}${shellSource(probe)}`;
