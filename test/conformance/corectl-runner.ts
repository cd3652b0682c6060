// Runs the cases' corectl tasks on test hosts, all in one playbook, the way a user's run would:
// options validated first (a refusal is recorded, and that case never reaches a host), then one
// play over the hosts with every case as a task.
import type { ModuleCall } from '../../src/module-api/define-module.ts';
import { playbook } from '../../src/playbook/dsl.ts';
import { runInProcess, type RunTargets } from '../integration/helpers.ts';

export interface CorectlOutcome {
  status: 'ok' | 'changed' | 'failed' | 'skipped';
  message: string;
}

export interface CorectlTask {
  id: string;
  call: ModuleCall;
}

/** Why corectl refuses a task before any host is touched, or undefined. */
export function refusal(call: ModuleCall): string | undefined {
  const parsed = call.definition.schema.safeParse(call.options);
  return parsed.success ? undefined : parsed.error.issues.map((issue) => issue.message).join('; ');
}

/** Runs the tasks on the hosts; outcomes by host, then task id. */
export async function runCorectl(tasks: CorectlTask[], hosts: string[], check: boolean, targets: RunTargets = {}): Promise<Map<string, Map<string, CorectlOutcome>>> {
  const pb = playbook((p) =>
    p.play('conformance', { hosts: hosts.join(','), become: true, gatherFacts: false }, (play) => {
      for (const t of tasks) play.task(t.id, t.call, { ignoreErrors: true });
    }),
  );
  const run = await runInProcess(pb, 'conformance', { check, diff: false, forks: 50 }, targets);
  const outcomes = new Map(hosts.map((host) => [host, new Map<string, CorectlOutcome>()]));
  for (const event of run.finished) {
    outcomes.get(event.host)!.set(event.task, { status: event.result.status, message: event.result.message ?? '' });
  }
  return outcomes;
}
