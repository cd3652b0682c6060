// waitFor: wait until a file is there (or gone), or a TCP port answers (or stops answering), on
// the host, as Ansible's wait_for: after a restart, before the tasks that need the service. It
// only looks, so it runs in check mode too; it fails when `timeout` passes first.
import { z } from 'zod';
import { absolutePathSchema, defineModule, moduleOptions, pythonRegexSchema, shellScript } from 'corectl/module';
import script from './wait-for.sh';

const schema = moduleOptions('waitFor', {
  /** A file to wait for (present) or to be gone (absent). @example '/run/app/ready' */
  path: absolutePathSchema.optional(),
  /** A TCP port to wait for (started) or to stop answering (stopped), on `host`. @example 8080 */
  port: z.number().int().min(1).max(65535).optional(),
  /** Where the port is, seen from the host. */
  host: z.string().regex(/^[A-Za-z0-9.:_-]+$/, 'must be a host name or address').default('127.0.0.1'),
  /** present/started: until it is there; absent/stopped: until it is gone (Ansible's names, either pair for either thing). */
  state: z.enum(['present', 'started', 'absent', 'stopped']).default('started'),
  /** Seconds before giving up (the task then fails). */
  timeout: z.number().int().min(0).default(300),
  /** Seconds to wait before the first check. */
  delay: z.number().int().min(0).default(0),
  /** Seconds between checks. */
  sleep: z.number().int().min(1).default(1),
  /**
   * With `path`: wait until the file holds a match of this Python regular expression (applied to
   * its bytes, MULTILINE, as Ansible does). @example 'Started server'
   */
  searchRegex: pythonRegexSchema
    .refine((r) => !/\\[ZuUN]/.test(r), 'must not use \\Z, \\u, \\U or \\N: the file is searched as bytes, where they differ or do not exist')
    .refine((r) => !r.includes('\0'), 'must not contain NUL')
    .optional(),
}, {
  search_regex: '`searchRegex`', connect_timeout: 'nothing: each try waits at most 2 s',
  active_connection_states: 'nothing: `drained` is not supported', exclude_hosts: 'nothing: `drained` is not supported', msg: 'nothing: the message says what timed out',
}).refine((o) => o.path === undefined || o.port === undefined, 'give path or port, not both')
  .refine((o) => o.searchRegex === undefined || o.path !== undefined, 'searchRegex needs path (searching what a port says is not supported yet)')
  .refine((o) => o.searchRegex === undefined || o.state === 'present' || o.state === 'started', 'searchRegex waits for a match: state must be present or started');

/**
 * @example play.task('web answers', waitFor({ port: 8080, timeout: 60 }))
 */
export const waitFor = defineModule({
  name: 'waitFor',
  ansible: 'ansible.builtin.wait_for',
  schema,
  describe: (o) => (o.path ?? (o.port !== undefined ? `${o.host}:${o.port}` : `${o.timeout} s`)),
  readOnly: true,
  resultData: z.object({
    /** Seconds it waited. */
    elapsed: z.coerce.number().int().optional(),
  }),
  remote: (o) => ({ script: shellScript(script, o.path ?? '', o.host, o.port ?? '', o.state, o.timeout, o.delay, o.sleep, o.searchRegex ?? '') }),
  result: () => ({ changed: false }),
});
