// rpm-ostree modules: layered packages, kernel arguments, rebase and upgrade. Each reads
// `rpm-ostree status --json` in its one round trip, stages a deployment only when something
// differs, and marks the host "reboot required" while a deployment is staged.
import { kargs } from './kargs.ts';
import { packages } from './packages.ts';
import { rebase } from './rebase.ts';
import { upgrade } from './upgrade.ts';

export const rpmOstree = { packages, kargs, rebase, upgrade };
