// rpmOstree.packages: the packages layered on the base image. Compares with the requested packages
// of the default deployment (the staged one if any), so a second run does not stage again.
import { z } from 'zod';
import { defineModule, raw, sh } from 'corectl/module';
import { readStatus, reportStaged, rpmOstreeWordSchema } from './shared.ts';

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

function flags(o: z.output<typeof schema>): string {
  return [o.allowInactive ? '--allow-inactive' : '', o.applyLive ? '--apply-live' : ''].filter(Boolean).join(' ');
}

/** @example rpmOstree.packages({ present: ['htop'] }) */
export const packages = defineModule({
  name: 'rpmOstree.packages',
  schema,
  describe: (o) => [...o.present.map((p) => `+${p}`), ...o.absent.map((p) => `-${p}`)].join(' '),
  // Fedora CoreOS documents a oneshot unit that layers packages and reboots; the first corectl
  // run does the same, with its reboot handling and a report of what happened.
  ignition: () => ({ leftToRun: 'Ignition cannot layer packages; the first run installs them and reboots' }),
  remote: (o) => ({
    become: true,
    script: `${readStatus('not-involved')}${sh`requested=$(printf '%s' "$status" | jq -r '.deployments[0]["requested-packages"] | join(" ")')
add=''; remove=''
for p in ${o.present}; do case " $requested " in *" $p "*) ;; *) add="$add $p" ;; esac; done
for p in ${o.absent}; do case " $requested " in *" $p "*) remove="$remove $p" ;; esac; done
changes=0
if [ -n "$add$remove" ]; then
  changes=1
  after=$(for p in $requested $add; do case " $remove " in *" $p "*) ;; *) echo "$p" ;; esac; done | sort -u | tr '\\n' ' ')
  corectl_before "requested-packages: $requested"
  corectl_after "requested-packages: \${after% }"
  if [ "$corectl_check" = 0 ]; then
    if [ -n "$remove" ]; then rpm-ostree uninstall --idempotent $remove || exit 1; fi
    if [ -n "$add" ]; then rpm-ostree install --idempotent ${raw(flags(o))} $add || exit 1; fi
  fi
  corectl_changed
fi
`}${o.applyLive ? sh`changes=0\n` : ''}${reportStaged('a deployment with the new packages would be staged')}`,
  }),
});
