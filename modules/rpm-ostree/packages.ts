// rpmOstree.packages: the packages layered on the base image. Compares with the requested packages
// of the default deployment (the staged one if any), so a second run does not stage again.
import { z } from 'zod';
import { defineModule } from 'corectl/module';
import script from './packages.sh';
import { rpmOstreeScript, rpmOstreeWordSchema } from './shared.ts';

const schema = z
  .strictObject({
    /** Packages to layer. @example ['htop', 'tcpdump'] */
    present: z.array(rpmOstreeWordSchema).default([]),
    /** Layered packages to remove. */
    absent: z.array(rpmOstreeWordSchema).default([]),
    /** Apply the change to the running system too (`--apply-live`): no reboot needed. */
    applyLive: z.boolean().default(false),
    /** Request packages that the base image already has (`--allow-inactive`). */
    allowInactive: z.boolean().default(false),
  })
  .refine((o) => !o.present.some((p) => o.absent.includes(p)), 'a package cannot be both present and absent');

/** @example rpmOstree.packages({ present: ['htop'] }) */
export const packages = defineModule({
  name: 'rpmOstree.packages',
  ansible: 'community.general.rpm_ostree_pkg',
  schema,
  describe: (o) => [...o.present.map((p) => `+${p}`), ...o.absent.map((p) => `-${p}`)].join(' '),
  // Fedora CoreOS documents a oneshot unit that layers packages and reboots; the first corectl
  // run does the same, with its reboot handling and a report of what happened.
  ignition: () => ({ leftToRun: 'Ignition cannot layer packages; the first run installs them and reboots' }),
  remote: (o) => ({
    become: true,
    script: rpmOstreeScript(script, o.applyLive, o.allowInactive, o.present.join(' '), o.absent.join(' ')),
  }),
});
