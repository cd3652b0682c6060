// file: a file with the given content and metadata. Content travels on stdin and is compared by
// hash (b2sum) on the host; nothing is written when it matches. Writes are atomic (see the shell
// prelude).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { absolutePathSchema, defineModule, fileContentSchema, modeSchema, accountNameSchema, sh, contentHash } from 'corectl/module';

export const fileOptionsSchema = z
  .strictObject({
    /** Absolute path of the file on the host. @example '/etc/chrony.conf' */
    path: absolutePathSchema,
    /** The content. @example 'pool pool.ntp.org iburst\n' */
    content: fileContentSchema.optional(),
    /** A local file (on the controller) whose content to send instead. @example 'files/motd' */
    src: z.string().optional(),
    /** Octal mode; a new file gets 0644 unless given. @example '0640' */
    mode: modeSchema.optional(),
    owner: accountNameSchema.optional(),
    group: accountNameSchema.optional(),
    /** The content is a secret: never shown in a diff. */
    sensitive: z.boolean().optional(),
  })
  .refine((o) => (o.content === undefined) !== (o.src === undefined), 'give exactly one of content and src');

export type FileOptions = z.output<typeof fileOptionsSchema>;

/** The shell step shared by every module that writes one whole file. */
export function writeFileStep(o: { path: string; mode?: string; owner?: string; group?: string; sensitive?: boolean }, content: string | Buffer, diff: boolean) {
  const showDiff = diff && !o.sensitive ? 1 : 0;
  return {
    script: sh`corectl_file ${o.path} ${contentHash(content)} ${o.mode ?? ''} ${o.owner ?? ''} ${o.group ?? ''} ${showDiff} || exit 1
`,
    stdin: content,
    lazyStdin: true,
  };
}

/**
 * A file with exact content, owner, group and mode.
 *
 * @example file({ path: '/etc/chrony.conf', content: 'pool pool.ntp.org iburst\n', mode: '0644' })
 */
export const file = defineModule({
  name: 'file',
  schema: fileOptionsSchema,
  describe: (o) => o.path,
  remote: (o, env) => writeFileStep(o, o.content ?? readFileSync(o.src!), env.diff),
  sensitive: (o) => !!o.sensitive,
});
