// rpmOstree.kargs: kernel arguments of the default deployment. The wanted list is computed on the
// host from the current one (jq), then applied as exact --delete/--append operations in one call.
import { z } from 'zod';
import { defineModule } from 'corectl/module';
import script from './kargs.sh';
import { rpmOstreeScript, rpmOstreeWordSchema } from './shared.ts';

const schema = z.strictObject({
  /** Arguments that must be there (added when missing). @example ['mitigations=off'] */
  present: z.array(rpmOstreeWordSchema).default([]),
  /** Arguments to remove: `key` removes every value of key, `key=value` only that one. */
  absent: z.array(rpmOstreeWordSchema).default([]),
  /** `key=value`: key has exactly this value (replacing any other, appended when missing). */
  replace: z.array(rpmOstreeWordSchema.refine((k) => k.includes('='), 'must be key=value')).default([]),
});

/** @example rpmOstree.kargs({ present: ['mitigations=auto'], absent: ['quiet'] }) */
export const kargs = defineModule({
  name: 'rpmOstree.kargs',
  schema,
  describe: (o) => [...o.present, ...o.replace, ...o.absent.map((k) => `-${k}`)].join(' '),
  remote: (o) => ({
    become: true,
    script: rpmOstreeScript(script, JSON.stringify(o)),
  }),
  // Ignition's kernelArguments name whole arguments; `replace` and a bare key in absent act on
  // whatever values the host has.
  ignition: (o) => {
    if (o.replace.length > 0) return { leftToRun: 'replace sets a key whatever its value is on the host; Ignition adds and removes whole arguments' };
    const bare = o.absent.filter((k) => !k.includes('='));
    if (bare.length > 0) return { leftToRun: `absent ${bare.join(', ')} removes every value of a key; Ignition removes whole arguments` };
    return { kernelArguments: { ...(o.present.length > 0 && { shouldExist: o.present }), ...(o.absent.length > 0 && { shouldNotExist: o.absent }) } };
  },
});
