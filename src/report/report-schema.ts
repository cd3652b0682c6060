// The JSON report's schema, `corectl.report/v1`: what a consumer may rely on. Published as JSON
// Schema in schemas/corectl.report.v1.json (made from this one; a test keeps the two the same, and
// checks real reports against it). Within v1 fields may be added, never removed or changed: so
// every object takes fields it does not know (a report of a later 0.x read by an earlier corectl
// or a consumer's validator), where corectl's writer is held to the exact shape by its types.
import { z } from 'zod';

const name = z.string().min(1);
const planned = z.object({ play: z.string(), task: z.string() });

const taskRecord = z.object({
  play: z.string(),
  task: z.string(),
  module: z.string(),
  target: z.string(),
  handler: z.boolean(),
  status: z.enum(['ok', 'changed', 'failed', 'skipped', 'ignored', 'unreachable']),
  changed: z.boolean(),
  durationMs: z.number().nonnegative(),
  message: z.string().optional(),
  diff: z.object({ unified: z.string().optional(), before: z.string().optional(), after: z.string().optional() }).optional(),
  rc: z.number().int().nullable().optional().describe('exit code of a command-like task; null when a signal ended it'),
  stdout: z.string().optional(),
  stderr: z.string().optional(),
  sensitive: z.boolean().describe('the task handled secrets: its output, message and diff are withheld'),
  items: z.array(z.object({
    label: z.string(),
    status: z.enum(['ok', 'changed', 'failed', 'skipped', 'ignored']),
    changed: z.boolean(),
    message: z.string().optional(),
    diff: z.object({ unified: z.string().optional(), before: z.string().optional(), after: z.string().optional() }).optional(),
  })).optional().describe('a loop task: each item, by its label, in order'),
  rescued: z.boolean().optional().describe("a failure a block's rescue took back: not a failure of the run"),
  delegate: z.string().optional().describe('the host the task ran on for this one (delegateTo)'),
});

const counts = z.object({
  ok: z.number().int(), changed: z.number().int(), failed: z.number().int(), skipped: z.number().int(), unreachable: z.number().int(), ignored: z.number().int(),
  rescued: z.number().int().optional().describe("failures a block's rescue took back (not counted as failed)"),
});

const hostRecord = z.object({
  counts,
  notRun: z.array(planned).describe('planned tasks that never ran on this host'),
  handlersNotRun: z.array(planned).optional().describe('handlers of the host\'s plays that did not run'),
  unreachable: z.string().optional(),
  rebootRequired: z.string().optional(),
  finishedAfterMs: z.number().int().optional().describe("milliseconds from the run's start to this host's last result: how long the host took, queueing included"),
  tasks: z.array(taskRecord),
});

export const jsonReportSchema = z
  .object({
    schema: z.literal('corectl.report/v1'),
    exitCode: z.number().int(),
    corectl: z.string().describe('corectl version'),
    inventory: z.array(z.string()).describe('the inventory sources, as given'),
    limit: z.string().optional(),
    tags: z.array(z.string()).optional(),
    skipTags: z.array(z.string()).optional(),
    shard: z.object({ index: z.number().int().nonnegative(), count: z.number().int().positive() }).optional().describe('the slice of the hosts this run was (--shard I/N); absent for a whole run and a merged one'),
    playbook: name,
    check: z.boolean(),
    startedAt: z.iso.datetime(),
    durationMs: z.number().nonnegative(),
    roundTrips: z.number().int().nonnegative().optional().describe('commands run on hosts: the round trips of the run, fact probes included'),
    hosts: z.record(z.string(), hostRecord),
    stopped: z.string().optional().describe('why the run ended before its end'),
    finished: z.boolean().describe('the run went through every play'),
  })
  .describe('corectl run/check report, version 1');

/** The JSON Schema (draft 2020-12) published for the report. */
export function jsonReportJsonSchema(): unknown {
  // As input: an object takes fields it does not know (they are dropped when read), which is the
  // promise of v1 to its consumers.
  return z.toJSONSchema(jsonReportSchema, { io: 'input' });
}
