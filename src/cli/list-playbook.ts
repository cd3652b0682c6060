// `corectl run|check PLAYBOOK --list-hosts / --list-tasks`: what a run would touch and do, as
// ansible-playbook lists it, without connecting to any host. --limit, --tags and --skip-tags count.
import type { Inventory } from '../inventory/inventory-model.ts';
import { selectHosts } from '../inventory/patterns.ts';
import type { Playbook, Step } from '../playbook/playbook-types.ts';
import { stepsSelected } from '../executor/tag-filter.ts';

export interface ListOptions {
  hosts: boolean;
  tasks: boolean;
  limit?: string;
  tags?: string[];
  skipTags?: string[];
}

export function listPlaybook(name: string, playbook: Playbook, inventory: Inventory, options: ListOptions): string {
  const lines = ['', `playbook: ${name}`];
  for (const [index, play] of playbook.plays.entries()) {
    lines.push('', `  play #${index + 1} (${play.options.hosts}): ${play.name}\tTAGS: [${(play.options.tags ?? []).join(', ')}]`);
    if (options.hosts) {
      const hosts = selectHosts(inventory, play.options.hosts, options.limit);
      lines.push(`    pattern: ${play.options.hosts}`, `    hosts (${hosts.length}):`, ...hosts.map((host) => `      ${host}`));
    }
    if (options.tasks) {
      lines.push('    tasks:', ...stepLines(stepsSelected(play, options), '      '));
    }
  }
  return `${lines.join('\n')}\n`;
}

function stepLines(steps: Step[], indent: string): string[] {
  return steps.flatMap((step): string[] => {
    switch (step.kind) {
      case 'flush':
        return [`${indent}(flush handlers)`];
      case 'controller':
        return [`${indent}${step.name} (on the controller)\tTAGS: [${(step.meta.tags ?? []).join(', ')}]`];
      case 'block':
        return [
          `${indent}${step.name} (block)`,
          ...stepLines(step.block, `${indent}  `),
          ...(step.rescue.length > 0 ? [`${indent}  rescue:`, ...stepLines(step.rescue, `${indent}    `)] : []),
          ...(step.always.length > 0 ? [`${indent}  always:`, ...stepLines(step.always, `${indent}    `)] : []),
        ];
      default:
        return [`${indent}${step.name}${step.kind === 'loop' ? ' (loop)' : ''}\tTAGS: [${(step.meta.tags ?? []).join(', ')}]`];
    }
  });
}
