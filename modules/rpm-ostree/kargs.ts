// rpmOstree.kargs: kernel arguments of the default deployment. The wanted list is computed on the
// host from the current one (jq), then applied as exact --delete/--append operations in one call.
import { z } from 'zod';
import { defineModule, sh } from 'corectl/module';
import { readStatus, reportStaged, rpmOstreeWordSchema } from './shared.ts';

const schema = z.strictObject({
  /** Arguments that must be there (added when missing). @example ['mitigations=off'] */
  present: z.array(rpmOstreeWordSchema).default([]),
  /** Arguments to remove: `key` removes every value of key, `key=value` only that one. */
  absent: z.array(rpmOstreeWordSchema).default([]),
  /** `key=value`: key has exactly this value (replacing any other, appended when missing). */
  replace: z.array(rpmOstreeWordSchema.refine((k) => k.includes('='), 'must be key=value')).default([]),
});

// Prints: the current kargs, the wanted kargs, then one rpm-ostree option per line.
const PLAN = `
def key: sub("=.*$"; "");
def drop($e): if ($e | contains("=")) then map(select(. != $e)) else map(select(key != $e)) end;
def put($e): ($e | key) as $k
  | if any(.[]; key == $k) then reduce .[] as $x ([]; if ($x | key) != $k then . + [$x] elif any(.[]; key == $k) then . else . + [$e] end)
    else . + [$e] end;
(split(" ") | map(select(length > 0))) as $cur
| (reduce $spec.absent[] as $e ($cur; drop($e)) | reduce $spec.replace[] as $e (.; put($e))
   | reduce $spec.present[] as $e (.; if index([$e]) != null then . else . + [$e] end)) as $want
| ($cur | join(" ")), ($want | join(" ")), (($cur - $want)[] | "--delete=\\(.)"), (($want - $cur)[] | "--append=\\(.)")`;

/** @example rpmOstree.kargs({ present: ['mitigations=auto'], absent: ['quiet'] }) */
export const kargs = defineModule({
  name: 'rpmOstree.kargs',
  schema,
  describe: (o) => [...o.present, ...o.replace, ...o.absent.map((k) => `-${k}`)].join(' '),
  remote: (o) => ({
    become: true,
    script: `${readStatus('not-involved')}${sh`plan=$(rpm-ostree kargs | jq -rR --argjson spec ${JSON.stringify(o)} ${PLAN}) || exit 1
current=$(printf '%s\\n' "$plan" | sed -n 1p)
wanted=$(printf '%s\\n' "$plan" | sed -n 2p)
set --
while IFS= read -r op; do [ -z "$op" ] || set -- "$@" "$op"; done <<CORECTL_OPS
$(printf '%s\\n' "$plan" | sed -n '3,$p')
CORECTL_OPS
changes=0
if [ "$current" != "$wanted" ]; then
  changes=1
  corectl_before "kargs: $current"
  corectl_after "kargs: $wanted"
  if [ "$corectl_check" = 0 ] && [ $# -gt 0 ]; then rpm-ostree kargs "$@" || exit 1; fi
  corectl_changed
fi
`}${reportStaged('a deployment with the new kernel arguments would be staged')}`,
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
