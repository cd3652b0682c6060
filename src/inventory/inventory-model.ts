// The loaded inventory: hosts, groups, and the layers of variables each was given, in the order
// they were read. Loaders add to an InventoryBuilder; `finish` checks references and cycles.
import type { ConnectionFields } from './connection-fields.ts';
import { InventoryError, type SourceLocation } from './inventory-error.ts';

/** Variables and connection fields from one place (an inventory entry, a group_vars file). */
export interface VarLayer {
  vars: Record<string, unknown>;
  connection: ConnectionFields;
  source: SourceLocation;
  /** From a group_vars/ or host_vars/ file: these beat every inventory file's vars of their kind. */
  varsFile?: boolean;
  /**
   * `connection` was read from this layer's ansible_* vars (to check them where they are written);
   * the host's connection comes from its merged vars instead, as Ansible takes it (resolve-host.ts).
   */
  fromVars?: boolean;
  /** corectl's own format: values are taken as written (it has no templates; `{{` may be meant). */
  literal?: boolean;
}

export interface InventoryHost {
  name: string;
  layers: VarLayer[];
  source: SourceLocation;
  /** Defined in corectl's own format, whose login user defaults to `core` (Ansible's to your own). */
  corectlFormat?: boolean;
}

export interface InventoryGroup {
  name: string;
  hosts: string[];
  children: string[];
  layers: VarLayer[];
  /** Where the group was defined; undefined for a group only named as somebody's child. */
  source?: SourceLocation;
}

export interface Inventory {
  hosts: ReadonlyMap<string, InventoryHost>;
  groups: ReadonlyMap<string, InventoryGroup>;
  /** Run-wide connection defaults from a corectl inventory's `defaults:`. */
  settings: InventorySettings;
  /**
   * Ansible's implicit localhost (when the inventory does not define `localhost`): selected only
   * by name (`localhost`, `127.0.0.1` or `::1`), in no group but taking group `all`'s vars, run on
   * the controller without SSH.
   */
  implicit?: ReadonlyMap<string, InventoryHost>;
  /** Extra vars (-e), above every other var. */
  extraVars?: import('./extra-vars.ts').ExtraVars;
  /** ansible.cfg's ssh_args, ssh_common_args and ssh_extra_args, which a host's ansible_ssh_*_args replace one by one. */
  sshArgDefaults?: { args: Partial<Record<'ssh_args' | 'ssh_common_args' | 'ssh_extra_args', string>>; source: SourceLocation };
}

export interface InventorySettings {
  hostKeyCheck?: 'strict' | 'accept-new' | 'off';
  knownHosts?: string[];
}

interface ChildReference {
  parent: string;
  child: string;
  at: SourceLocation;
}

export class InventoryBuilder {
  readonly hosts = new Map<string, InventoryHost>();
  readonly groups = new Map<string, InventoryGroup>();
  readonly settings: InventorySettings = {};
  private readonly childRefs: ChildReference[] = [];
  /** Each group's hosts as a set, so adding 5,000 hosts to one group stays linear. */
  private readonly members = new Map<string, Set<string>>();
  private readonly hostRefs: { group: string; host: string; at: SourceLocation }[] = [];
  /**
   * host_vars/localhost read while no inventory defines localhost: Ansible gives them to its
   * implicit localhost (or to a localhost an inventory read later defines).
   */
  readonly localhostVars: VarLayer[] = [];

  constructor() {
    this.group('all', { file: '<built-in>', line: 0, column: 0 });
    this.group('ungrouped', { file: '<built-in>', line: 0, column: 0 });
  }

  host(name: string, source: SourceLocation): InventoryHost {
    let host = this.hosts.get(name);
    if (!host) {
      host = { name, layers: [], source };
      this.hosts.set(name, host);
    }
    return host;
  }

  group(name: string, source?: SourceLocation): InventoryGroup {
    let group = this.groups.get(name);
    if (!group) {
      group = { name, hosts: [], children: [], layers: [], source };
      this.groups.set(name, group);
    }
    group.source ??= source;
    return group;
  }

  addHostToGroup(groupName: string, hostName: string): void {
    const group = this.group(groupName);
    let members = this.members.get(groupName);
    if (!members) this.members.set(groupName, (members = new Set(group.hosts)));
    if (members.has(hostName)) return;
    members.add(hostName);
    group.hosts.push(hostName);
  }

  addChild(parent: string, child: string, at: SourceLocation): void {
    const group = this.group(parent);
    if (!group.children.includes(child)) group.children.push(child);
    this.childRefs.push({ parent, child, at });
  }

  /** A group lists a host that must be defined somewhere (checked once every file is read). */
  requireHost(group: string, host: string, at: SourceLocation): void {
    this.hostRefs.push({ group, host, at });
    this.addHostToGroup(group, host);
  }

  finish(): Inventory {
    for (const ref of this.hostRefs) {
      if (!this.hosts.has(ref.host)) {
        throw new InventoryError(ref.at, `groups.${ref.group}.hosts`, `host "${ref.host}" is not defined under hosts:`);
      }
    }
    for (const ref of this.childRefs) {
      if (!this.groups.get(ref.child)?.source) {
        throw new InventoryError(ref.at, `${ref.parent}.children`, `group "${ref.child}" is not defined anywhere in the inventory`);
      }
    }
    this.checkCycles();
    // Every host is in `all`; hosts in no other group are in `ungrouped`, as in Ansible.
    const all = this.groups.get('all')!;
    const grouped = new Set([...this.groups.values()].filter((g) => g.name !== 'all' && g.name !== 'ungrouped').flatMap((g) => g.hosts));
    const ungrouped = this.groups.get('ungrouped')!;
    const inAll = new Set(all.hosts);
    for (const name of this.hosts.keys()) {
      if (!inAll.has(name)) all.hosts.push(name);
      if (!grouped.has(name)) this.addHostToGroup('ungrouped', name);
    }
    // A host listed before any section of an INI file and in a group later is not ungrouped.
    ungrouped.hosts = ungrouped.hosts.filter((name) => !grouped.has(name));
    const builtIn = { file: '<implicit localhost>', line: 0, column: 0 };
    const defined = this.hosts.get('localhost');
    if (defined) defined.layers.push(...this.localhostVars);
    const implicit = new Map(defined ? [] : [['localhost', { name: 'localhost', source: builtIn, layers: [{ vars: {}, connection: { connection: 'local' as const }, source: builtIn }, ...this.localhostVars] }]]);
    return { hosts: this.hosts, groups: this.groups, settings: this.settings, implicit };
  }

  private checkCycles(): void {
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (name: string, trail: string[]): void => {
      if (state.get(name) === 'done') return;
      if (state.get(name) === 'visiting') {
        const cycle = [...trail.slice(trail.indexOf(name)), name];
        const ref = this.childRefs.find((r) => r.parent === trail.at(-1) && r.child === name)!;
        throw new InventoryError(ref.at, `${ref.parent}.children`, `groups form a cycle: ${cycle.join(' -> ')}`);
      }
      state.set(name, 'visiting');
      for (const child of this.groups.get(name)?.children ?? []) visit(child, [...trail, name]);
      state.set(name, 'done');
    };
    for (const name of this.groups.keys()) visit(name, []);
  }
}

/**
 * Group `all`'s child groups in ansible-core's order: `ungrouped` (made with the inventory), then
 * the children an inventory gives `all` itself (YAML `all: children:`, INI `[all:children]`), then
 * every other group no group lists, as ansible-core adds them when it reconciles the inventory.
 * `ansible-inventory --list/--graph` print them in this order, and pattern `all` walks it.
 */
export function allChildGroups(inventory: Inventory): string[] {
  const listed = new Set([...inventory.groups.values()].flatMap((group) => group.children));
  const explicit = inventory.groups.get('all')?.children ?? [];
  const parentless = [...inventory.groups.keys()].filter((name) => name !== 'all' && !listed.has(name));
  return [...new Set(['ungrouped', ...explicit, ...parentless])].filter((name) => inventory.groups.has(name));
}
