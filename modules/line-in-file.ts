// lineInFile and blockInFile: edit part of a file made by someone else. The new content is
// computed on the host with awk (regexes are POSIX extended, passed through the environment so
// no escaping applies) and compared with the file as it is (cmp: one process when nothing
// changes); a change is written like any file: atomic, with a diff.
import { z } from 'zod';
import { absolutePathSchema, defineModule, modeSchema, quote, raw, sh } from 'corectl/module';

const LINE_AWK = `
BEGIN { re = ENVIRON["CORECTL_RE"]; line = ENVIRON["CORECTL_LINE"]; after = ENVIRON["CORECTL_AFTER"]; absent = ENVIRON["CORECTL_ABSENT"] == "1" }
NR == FNR {
  if (re != "" && $0 ~ re) lastre = FNR
  if ($0 == line) lastline = FNR
  if (after != "" && after != "EOF" && $0 ~ after) afterline = FNR
  next
}
{
  if (absent) { if ((re != "" && $0 ~ re) || (re == "" && $0 == line)) next; print; next }
  if (FNR == lastre) { print line; next }
  print
  if (!lastre && !lastline && FNR == afterline) { print line; done = 1 }
}
END { if (!absent && !lastre && !lastline && !done) print line }
`;

const BLOCK_AWK = `
BEGIN { begin = ENVIRON["CORECTL_BEGIN"]; end = ENVIRON["CORECTL_END"]; block = ENVIRON["CORECTL_BLOCK"]; absent = ENVIRON["CORECTL_ABSENT"] == "1" }
$0 == begin { inside = 1; if (!absent) { print begin; if (block != "") print block; print end }; replaced = 1; next }
inside && $0 == end { inside = 0; next }
inside { next }
{ print }
END { if (!absent && !replaced) { print begin; if (block != "") print block; print end } }
`;

// The line program reads the file twice (find the last match, then edit); the block one once.
function editScript(path: string, mode: string | undefined, env: Record<string, string>, awk: string, passes: 1 | 2, create: boolean, diff: boolean): string {
  return sh`p=${path}
if [ ! -f "$p" ] && [ ${create ? '1' : '0'} = 0 ]; then echo "$p does not exist (set create: true to create it)" >&2; exit 1; fi
src="$p"; [ -f "$p" ] || src=/dev/null
corectl_mkscratch || exit 1
${raw(Object.entries(env).map(([k, v]) => `${k}=${quote(v)}`).join(' '))} awk ${awk} ${raw(passes === 2 ? '"$src" "$src"' : '"$src"')} > "$corectl_scratch" || exit 1
if [ -f "$p" ] && cmp -s -- "$corectl_scratch" "$p"; then
  corectl_clean_stale "$p"
  corectl_meta "$p" ${mode ?? ''} '' '' || exit 1
  if [ "$corectl_meta_changed" = 1 ]; then corectl_changed; fi
else
  want=$(b2sum < "$corectl_scratch"); want=\${want%% *}
  corectl_file "$p" "$want" ${mode ?? ''} '' '' ${diff ? 1 : 0} < "$corectl_scratch" || exit 1
fi
`;
}

/**
 * One line in a file: replaces the last line matching `regexp`, else adds `line` (after the last
 * line matching `insertAfter`, or at the end) unless it is already there.
 *
 * @example lineInFile({ path: '/etc/ssh/sshd_config', regexp: '^#?PermitRootLogin', line: 'PermitRootLogin no' })
 */
export const lineInFile = defineModule({
  name: 'lineInFile',
  schema: z.strictObject({
    path: absolutePathSchema,
    line: z.string().refine((l) => !l.includes('\n'), 'must be a single line'),
    /** POSIX extended regex of the line to replace (or, with state absent, to remove). */
    regexp: z.string().optional(),
    insertAfter: z.string().optional(),
    state: z.enum(['present', 'absent']).default('present'),
    create: z.boolean().default(false),
    /** Octal mode of the file (a created one gets 0644 unless given). @example '0600' */
    mode: modeSchema.optional(),
  }),
  describe: (o) => o.path,
  remote: (o, env) => ({
    script: editScript(o.path, o.mode, { CORECTL_RE: o.regexp ?? '', CORECTL_LINE: o.line, CORECTL_AFTER: o.insertAfter ?? '', CORECTL_ABSENT: o.state === 'absent' ? '1' : '0' }, LINE_AWK, 2, o.create, env.diff),
  }),
});

/**
 * A block of lines between two marker lines, replaced as a whole.
 *
 * @example blockInFile({ path: '/etc/hosts', block: '203.0.113.10 ns1\n203.0.113.11 ns2' })
 */
export const blockInFile = defineModule({
  name: 'blockInFile',
  schema: z.strictObject({
    path: absolutePathSchema,
    block: z.string().transform((b) => b.replace(/\n$/, '')),
    /** `{mark}` becomes BEGIN and END. */
    marker: z.string().includes('{mark}').default('# {mark} MANAGED BY CORECTL'),
    state: z.enum(['present', 'absent']).default('present'),
    create: z.boolean().default(false),
    /** Octal mode of the file (a created one gets 0644 unless given). @example '0600' */
    mode: modeSchema.optional(),
  }),
  describe: (o) => o.path,
  remote: (o, env) => ({
    script: editScript(o.path, o.mode, { CORECTL_BEGIN: o.marker.replace('{mark}', 'BEGIN'), CORECTL_END: o.marker.replace('{mark}', 'END'), CORECTL_BLOCK: o.block, CORECTL_ABSENT: o.state === 'absent' ? '1' : '0' }, BLOCK_AWK, 1, o.create, env.diff),
  }),
});
