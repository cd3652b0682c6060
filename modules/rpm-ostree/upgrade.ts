// rpmOstree.upgrade: stage the newest version of the ref the host follows, when there is one.
import { z } from 'zod';
import { defineModule, sh } from 'corectl/module';
import { readStatus, reportStaged } from './shared.ts';

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
    script: `${readStatus(o.bypassDriver ? 'bypass' : 'refuse')}${sh`current=$(printf '%s' "$status" | jq -r '.deployments[0].version')
available=$(rpm-ostree upgrade --check 2>&1); rc=$?
changes=0
case $rc in
  77) ;;
  0)
    changes=1
    version=$(printf '%s\\n' "$available" | sed -n 's/^ *Version: *\\([^ ]*\\).*/\\1/p' | head -n 1)
    corectl_before "version: $current"
    corectl_after "version: \${version:-newer}"
    if [ "$corectl_check" = 0 ]; then rpm-ostree upgrade $bypass || exit 1; fi
    corectl_changed ;;
  *) printf '%s\\n' "$available" >&2; exit 1 ;;
esac
`}${reportStaged('the new version would be staged')}`,
  }),
});
