// --tags / --skip-tags, as in Ansible: with --tags only tasks carrying one of them run (a task
// tagged `always` runs unless skipped by name); --skip-tags removes tasks carrying any of them.
import type { Play, Step } from '../playbook/playbook-types.ts';
import type { RunOptions } from './run-options.ts';

export function selectedByTags(taskTags: string[], options: Pick<RunOptions, 'tags' | 'skipTags'>): boolean {
  if (options.skipTags?.some((tag) => taskTags.includes(tag))) return false;
  if (!options.tags || options.tags.length === 0 || options.tags.includes('all')) return !taskTags.includes('never');
  return taskTags.includes('always') || options.tags.some((tag) => taskTags.includes(tag));
}

/** The steps of a play that run under these tags (handler flushes always stay). */
export function stepsSelected(play: Play, options: Pick<RunOptions, 'tags' | 'skipTags'>): Play['steps'] {
  const select = (steps: Step[]): Step[] => steps.flatMap((step): Step[] => {
    if (step.kind === 'flush') return [step];
    // A block's tasks carry its tags: it is kept with those selected, and dropped when none is.
    if (step.kind === 'block') {
      const kept = { ...step, block: select(step.block), rescue: select(step.rescue), always: select(step.always) };
      return kept.block.length + kept.always.length > 0 ? [kept] : [];
    }
    return selectedByTags([...(play.options.tags ?? []), ...(step.meta.tags ?? [])], options) ? [step] : [];
  });
  return select(play.steps);
}
