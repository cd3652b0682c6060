// rpmOstree.upgrade: stage the newest version of the ref the host follows, when there is one.
import { z } from 'zod';
import { defineModule } from 'corectl/module';
import script from './upgrade.sh';
import { rpmOstreeScript } from './shared.ts';

const schema = z.strictObject({
  /** When an update driver (Zincati) is registered, upgrade anyway with --bypass-driver (and say so). */
  bypassDriver: z.boolean().default(true),
});

/** @example rpmOstree.upgrade() */
export const upgrade = defineModule({
  name: 'rpmOstree.upgrade',
  schema,
  describe: () => 'newest version of the followed ref',
  remote: (o) => ({
    become: true,
    script: rpmOstreeScript(script, o.bypassDriver ? 'bypass' : 'refuse'),
  }),
});
