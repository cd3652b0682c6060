// The hosts tasks are delegated to (delegateTo, Ansible's delegate_to): any inventory host, in the
// play or not, in --limit or not, or the controller as `localhost` (Ansible's implicit localhost).
// A delegate is reached as the inventory says (its address, user, key, jump hosts and become), on
// one connection of the run's pool however many hosts delegate to it. A delegate that is also a
// host of the run is that host: check mode's plan of what earlier tasks would have made there is
// one, whether the host made it or a task delegated to it.
import type { HostConnection } from '../connection/host-connection.ts';
import { formatCallSite } from '../playbook/call-site.ts';
import type { HandlerStep, Step } from '../playbook/playbook-types.ts';
import type { Inventory } from '../inventory/inventory-model.ts';
import { nearMatches } from '../inventory/patterns.ts';
import { resolveHost } from '../inventory/resolve-host.ts';

/** Where a module's step runs: the host itself, or the host it is delegated to. */
export interface StepTarget {
  readonly name: string;
  readonly connection: HostConnection;
  /** Check mode: what earlier steps there would have made (see corectl_plan). */
  readonly planned: Set<string>;
  /** The inventory's become for it, when the play and task say nothing. */
  readonly become: boolean;
  readonly becomeUser?: string | undefined;
}

const LOCAL_NAMES = ['localhost', '127.0.0.1', '::1'];

export class DelegateHosts {
  private readonly targets = new Map<string, StepTarget>();
  /** The names tasks have been delegated to so far. */
  readonly used = new Set<string>();

  /** `hostOfRun`: the run's own state of a host, when it is one of the run's. */
  constructor(private readonly inventory: Inventory, private readonly connect: (name: string) => HostConnection, private readonly hostOfRun: (name: string) => StepTarget | undefined = () => undefined) {}

  /** The inventory's name of a delegate (127.0.0.1 and ::1 are the implicit localhost), or undefined when it has no such host. */
  nameOf(name: string): string | undefined {
    if (this.inventory.hosts.has(name)) return name;
    if (LOCAL_NAMES.includes(name) && this.inventory.implicit?.has('localhost')) return 'localhost';
    return undefined;
  }

  /** Why a name cannot be delegated to, in words for the user; undefined when it can. */
  problemWith(name: string): string | undefined {
    if (this.nameOf(name) !== undefined) return undefined;
    const near = nearMatches(name, [...this.inventory.hosts.keys()]);
    return `delegateTo ${JSON.stringify(name)}: the inventory has no such host${near.length > 0 ? `; did you mean ${near.join(' or ')}?` : ''}`;
  }

  get(name: string): StepTarget {
    const problem = this.problemWith(name);
    if (problem) throw new Error(problem);
    const known = this.nameOf(name)!;
    this.used.add(known);
    const own = this.hostOfRun(known);
    if (own) return own;
    let target = this.targets.get(known);
    if (!target) {
      const { connection } = resolveHost(this.inventory, known);
      target = { name: known, connection: this.connect(known), planned: new Set(), become: connection.become ?? false, becomeUser: connection.becomeUser };
      this.targets.set(known, target);
    }
    return target;
  }
}

/** Each task whose delegateTo names (as written, not computed) a host the inventory lacks, with its file:line. */
export function delegateProblems(steps: readonly (Extract<Step, { kind: 'task' | 'loop' }> | HandlerStep)[], delegates: DelegateHosts): string[] {
  return steps.flatMap((step) => {
    const { delegateTo } = step.meta;
    const problem = typeof delegateTo === 'string' ? delegates.problemWith(delegateTo) : undefined;
    return problem ? [`${[formatCallSite(step.site), `task "${step.name}"`].filter(Boolean).join(': ')}: ${problem}`] : [];
  });
}
