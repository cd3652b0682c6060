// rpmOstree.rebase: the ref (ostree refspec or container image reference) the host follows.
import { z } from 'zod';
import { defineModule } from 'corectl/module';
import script from './rebase.sh';
import { rpmOstreeScript, rpmOstreeWordSchema } from './shared.ts';

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
    script: rpmOstreeScript(script, o.ref, o.bypassDriver ? 'bypass' : 'refuse'),
  }),
});
