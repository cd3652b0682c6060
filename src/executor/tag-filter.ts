// --tags / --skip-tags, as in Ansible: with --tags only tasks carrying one of them run (a task
// tagged `always` runs unless skipped by name); --skip-tags removes tasks carrying any of them.
import type { Play } from '../playbook/playbook-types.ts';
import type { RunOptions } from './run-options.ts';

export function selectedByTags(taskTags: string[], options: Pick<RunOptions, 'tags' | 'skipTags'>): boolean {
  if (options.skipTags?.some((tag) => taskTags.includes(tag))) return false;
  if (!options.tags || options.tags.length === 0 || options.tags.includes('all')) return !taskTags.includes('never');
  return taskTags.includes('always') || options.tags.some((tag) => taskTags.includes(tag));
}

/** The steps of a play that run under these tags (handler flushes always stay). */
export function stepsSelected(play: Play, options: Pick<RunOptions, 'tags' | 'skipTags'>): Play['steps'] {
  return play.steps.filter((step) => step.kind === 'flush' || selectedByTags([...(play.options.tags ?? []), ...(step.meta.tags ?? [])], options));
}
