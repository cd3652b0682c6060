// slurp: a file's bytes back to the controller, base64-encoded, as Ansible's slurp gives them:
// `Buffer.from(ctx.result(token)!.data!.content, 'base64')`. Read-only (it runs in check mode
// too); a file that holds a secret wants the task's `sensitive: true`, as in Ansible.
import { z } from 'zod';
import { absolutePathSchema, defineModule, moduleOptions, shellScript } from 'corectl/module';
import script from './slurp.sh';

/**
 * @example const key = play.task('ssh host key', slurp({ path: '/etc/ssh/ssh_host_ed25519_key.pub' }))
 */
export const slurp = defineModule({
  name: 'slurp',
  ansible: 'ansible.builtin.slurp',
  schema: moduleOptions('slurp', {
    /** The file to read (a symbolic link is followed). @example '/etc/ssh/ssh_host_ed25519_key.pub' */
    path: absolutePathSchema,
  }, { src: '`path`' }),
  describe: (o) => o.path,
  readOnly: true,
  resultData: z.object({
    /** The file's bytes, base64-encoded (Ansible's `content`). */
    content: z.string().optional(),
    /** Always base64 (Ansible's `encoding`), when there are bytes. */
    encoding: z.literal('base64').optional(),
    /** The sha1 of the bytes, in hex. */
    sha1: z.string().optional(),
  }),
  remote: (o) => ({ script: shellScript(script, o.path) }),
  // Ansible's `encoding` with the bytes; a read is never a change.
  result: (output) => ({ changed: false, ...(output.data.content !== undefined && { data: { ...output.data, encoding: 'base64' } }) }),
});
