// --tags / --skip-tags, as in Ansible: with --tags only tasks carrying one of them run (a task
// tagged `always` runs unless skipped by name); --skip-tags removes tasks carrying any of them.
import type { RunOptions } from './run-options.ts';

export function selectedByTags(taskTags: string[], options: Pick<RunOptions, 'tags' | 'skipTags'>): boolean {
  if (options.skipTags?.some((tag) => taskTags.includes(tag))) return false;
  if (!options.tags || options.tags.length === 0 || options.tags.includes('all')) return !taskTags.includes('never');
  return taskTags.includes('always') || options.tags.some((tag) => taskTags.includes(tag));
}
