// rpmOstree.rebase: the ref (ostree refspec or container image reference) the host follows.
import { z } from 'zod';
import { defineModule, sh } from 'corectl/module';
import { readStatus, reportStaged, rpmOstreeWordSchema } from './shared.ts';

const schema = z.strictObject({
  /** @example 'fedora:fedora/x86_64/coreos/testing' or 'ostree-remote-image:fedora:docker://quay.io/fedora/fedora-coreos:stable' */
  ref: rpmOstreeWordSchema,
  /** When an update driver (Zincati) is registered, rebase anyway with --bypass-driver (and say so). */
  bypassDriver: z.boolean().default(true),
});

/** @example rpmOstree.rebase({ ref: 'fedora:fedora/x86_64/coreos/testing' }) */
export const rebase = defineModule({
  name: 'rpmOstree.rebase',
  schema,
  describe: (o) => o.ref,
  remote: (o) => ({
    become: true,
    script: `${readStatus(o.bypassDriver ? 'bypass' : 'refuse')}${sh`current=$(printf '%s' "$status" | jq -r '.deployments[0] | .["container-image-reference"] // .origin')
changes=0
if [ "$current" != ${o.ref} ]; then
  changes=1
  corectl_before "ref: $current"
  corectl_after ${`ref: ${o.ref}`}
  if [ "$corectl_check" = 0 ]; then rpm-ostree rebase $bypass ${o.ref} || exit 1; fi
  corectl_changed
fi
`}${reportStaged(`a deployment of ${o.ref} would be staged`)}`,
  }),
});
