// What a slice of a run (--shard) cannot do right. In check mode nothing changes on a host, so
// every play runs in every slice, each on its own hosts: steps that look across hosts (runOnce,
// `after`, controller steps, serial batches) see only the slice's hosts, and say so in README.
// A real run would act on that partial view — run a runOnce task once per slice, reboot a host of
// every slice at once under `serial: 1` — so it is refused, naming every such step.
import { formatCallSite } from '../playbook/call-site.ts';
import type { Play } from '../playbook/playbook-types.ts';

export function shardRefusals(plays: Play[]): string[] {
  const problems: string[] = [];
  for (const play of plays) {
    const where = `${formatCallSite(play.site)}: play "${play.name}"`;
    const fleetWide = (['serial', 'maxFailPercentage', 'anyErrorsFatal'] as const).filter((option) => play.options[option] !== undefined && play.options[option] !== false);
    if (fleetWide.length > 0) problems.push(`${where}: ${fleetWide.join(', ')} count hosts across the whole run`);
    for (const step of play.steps) {
      if (step.kind === 'flush') continue;
      const at = `${formatCallSite(step.site)}: ${step.kind === 'controller' ? 'controller step' : 'task'} "${step.name}"`;
      if (step.kind === 'controller') problems.push(`${at} runs once for all hosts`);
      else if (step.kind === 'task' && step.meta.runOnce) problems.push(`${at} is runOnce`);
      else if (step.meta.after?.length) problems.push(`${at} waits (after) for other hosts`);
    }
  }
  return problems;
}
