// --start-at-task NAME (Ansible's): the run begins at the first task of that name, in the order
// written: the plays before its play and the steps before it in its play are left out. A task
// inside a block starts the run at that block, which runs whole (its rescue needs its start).
import { UsageError } from '../errors/usage-error.ts';
import { tasksOf, type Playbook } from './playbook-types.ts';

export function startAtTask(playbook: Playbook, name: string): Playbook {
  for (const [playIndex, play] of playbook.plays.entries()) {
    const at = play.steps.findIndex((step) => (step.kind === 'task' || step.kind === 'loop' || step.kind === 'controller' ? step.name === name : step.kind === 'block' ? step.name === name || tasksOf([step]).some((t) => t.name === name) : false));
    if (at < 0) continue;
    return { plays: [{ ...play, steps: play.steps.slice(at) }, ...playbook.plays.slice(playIndex + 1)] };
  }
  throw new UsageError(`--start-at-task: no task named "${name}" in the playbook`);
}
