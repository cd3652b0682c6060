// Runs the cases' corectl tasks on test hosts, all in one playbook, the way a user's run would:
// options validated first (a refusal is recorded, and that case never reaches a host), then one
// play over the hosts with every case as a task.
import type { ModuleCall } from '../../src/module-api/define-module.ts';
import { playbook } from '../../src/playbook/dsl.ts';
import { runInProcess } from '../integration/helpers.ts';
import type { ConformanceCase } from './conformance-case.ts';
import { caseDir } from './file-tree.ts';

export interface CorectlOutcome {
  status: 'ok' | 'changed' | 'failed' | 'skipped';
  message: string;
}

/** A case whose options corectl refuses before any host is touched, and why. */
export function refusal(c: ConformanceCase): string | undefined {
  const call: ModuleCall = c.corectl(caseDir(c.id));
  const parsed = call.definition.schema.safeParse(call.options);
  return parsed.success ? undefined : parsed.error.issues.map((issue) => issue.message).join('; ');
}

/** Runs the cases on the hosts; outcomes by host, then case id. */
export async function runCorectl(cases: ConformanceCase[], hosts: string[], check: boolean): Promise<Map<string, Map<string, CorectlOutcome>>> {
  const pb = playbook((p) =>
    p.play('conformance', { hosts: hosts.join(','), become: true, gatherFacts: false }, (play) => {
      for (const c of cases) play.task(c.id, c.corectl(caseDir(c.id)), { ignoreErrors: true });
    }),
  );
  const run = await runInProcess(pb, 'conformance', { check, diff: false, forks: 50 });
  const outcomes = new Map(hosts.map((host) => [host, new Map<string, CorectlOutcome>()]));
  for (const event of run.finished) {
    outcomes.get(event.host)!.set(event.task, { status: event.result.status, message: event.result.message ?? '' });
  }
  return outcomes;
}
