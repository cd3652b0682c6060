// An Ignition config (spec 3.3.0 by default; 3.4.0 and 3.5.0 on request), as far as corectl
// writes one: storage files, directories and links, systemd units, passwd users and groups, and
// kernel arguments. The schema checks every config before it is written; the merge puts the
// fragments of a host's tasks together in playbook order, as running them would: a later task at
// the same path or unit wins, a user's keys and groups add up.
import { z } from 'zod';
import type { IgnitionFragment, IgnitionOwner } from '../module-api/ignition-fragment.ts';

export const IGNITION_SPECS = ['3.3.0', '3.4.0', '3.5.0'] as const;
export type IgnitionSpec = (typeof IGNITION_SPECS)[number];

const owner = z.strictObject({ name: z.string().min(1).optional(), id: z.number().int().nonnegative().optional() });
const node = { path: z.string().startsWith('/'), overwrite: z.boolean().optional(), user: owner.optional(), group: owner.optional() };
const mode = z.number().int().min(0).max(0o7777).optional();

export const ignitionConfigSchema = z.strictObject({
  ignition: z.strictObject({ version: z.enum(IGNITION_SPECS) }),
  storage: z.strictObject({
    files: z.array(z.strictObject({ ...node, mode, contents: z.strictObject({ source: z.string().startsWith('data:') }).optional() })).optional(),
    directories: z.array(z.strictObject({ ...node, mode })).optional(),
    links: z.array(z.strictObject({ ...node, target: z.string().min(1), hard: z.boolean().optional() })).optional(),
  }).optional(),
  systemd: z.strictObject({
    units: z.array(z.strictObject({
      name: z.string().min(1),
      enabled: z.boolean().optional(),
      mask: z.boolean().optional(),
      contents: z.string().optional(),
      dropins: z.array(z.strictObject({ name: z.string().min(1), contents: z.string().optional() })).optional(),
    })).optional(),
  }).optional(),
  passwd: z.strictObject({
    users: z.array(z.strictObject({
      name: z.string().min(1),
      passwordHash: z.string().optional(),
      sshAuthorizedKeys: z.array(z.string().min(1)).optional(),
      uid: z.number().int().nonnegative().optional(),
      gecos: z.string().optional(),
      homeDir: z.string().optional(),
      noCreateHome: z.boolean().optional(),
      primaryGroup: z.string().optional(),
      groups: z.array(z.string().min(1)).optional(),
      noUserGroup: z.boolean().optional(),
      noLogInit: z.boolean().optional(),
      system: z.boolean().optional(),
      shell: z.string().optional(),
    })).optional(),
    groups: z.array(z.strictObject({ name: z.string().min(1), gid: z.number().int().nonnegative().optional(), passwordHash: z.string().optional(), system: z.boolean().optional() })).optional(),
  }).optional(),
  kernelArguments: z.strictObject({ shouldExist: z.array(z.string().min(1)).optional(), shouldNotExist: z.array(z.string().min(1)).optional() }).optional(),
});

export type IgnitionConfig = z.infer<typeof ignitionConfigSchema>;

/** Accounts of Fedora CoreOS's image a task may name without creating them; each has its own group. */
const IMAGE_ACCOUNTS = new Set(['root', 'core']);
/** The group useradd gives a user made without one of its own (GROUP=100 in /etc/default/useradd). */
const USERS_GID = 100;

/** Puts fragments together in order; the result still has to pass ignitionConfigSchema. */
export class IgnitionBuilder {
  private readonly nodes = new Map<string, { kind: 'files' | 'directories' | 'links'; entry: object }>();
  private readonly units = new Map<string, NonNullable<NonNullable<IgnitionFragment['systemd']>['units']>[number]>();
  private readonly users = new Map<string, NonNullable<NonNullable<IgnitionFragment['passwd']>['users']>[number]>();
  private readonly groups = new Map<string, NonNullable<NonNullable<IgnitionFragment['passwd']>['groups']>[number]>();
  private readonly kargs = new Map<string, boolean>();

  private readonly origins = new Map<string, string>();

  /**
   * Adds a fragment from `origin` (a task's name, a Butane file); returns the paths and units it
   * replaced with something else that another origin had written, and which that was.
   */
  add(fragment: IgnitionFragment, origin = ''): { key: string; was: string }[] {
    const replaced: { key: string; was: string }[] = [];
    const claim = (key: string, before: object | undefined, after: object) => {
      const was = this.origins.get(key);
      if (before && was !== undefined && was !== origin && !sameEntry(before, after)) replaced.push({ key, was });
      this.origins.set(key, origin);
    };
    for (const kind of ['files', 'directories', 'links'] as const) {
      for (const entry of fragment.storage?.[kind] ?? []) {
        claim(entry.path, this.nodes.get(entry.path)?.entry, entry);
        // Ignition refuses two nodes at one path: the later task's is what the run would leave.
        this.nodes.delete(entry.path);
        this.nodes.set(entry.path, { kind, entry });
      }
    }
    for (const unit of fragment.systemd?.units ?? []) {
      const before = this.units.get(unit.name);
      const dropins = new Map([...(before?.dropins ?? []), ...(unit.dropins ?? [])].map((d) => [d.name, d]));
      const after = { ...before, ...unit, ...(dropins.size > 0 && { dropins: [...dropins.values()] }) };
      claim(unit.name, before, after);
      this.units.set(unit.name, after);
    }
    for (const user of fragment.passwd?.users ?? []) {
      const before = this.users.get(user.name);
      const keys = union(before?.sshAuthorizedKeys, user.sshAuthorizedKeys);
      const groups = union(before?.groups, user.groups);
      this.users.set(user.name, { ...before, ...user, ...(keys && { sshAuthorizedKeys: keys }), ...(groups && { groups }) });
    }
    for (const group of fragment.passwd?.groups ?? []) this.groups.set(group.name, { ...this.groups.get(group.name), ...group });
    for (const arg of fragment.kernelArguments?.shouldExist ?? []) this.kargs.set(arg, true);
    for (const arg of fragment.kernelArguments?.shouldNotExist ?? []) this.kargs.set(arg, false);
    return replaced;
  }

  /**
   * Paths the config gives a file and also puts something under (a file at /etc/app, a directory
   * at /etc/app/conf.d): Ignition's validator accepts that, and its files stage then fails at first
   * boot. Each as one line naming both and what wrote them.
   */
  pathConflicts(): string[] {
    const conflicts: string[] = [];
    for (const path of this.nodes.keys()) {
      for (let parent = path.slice(0, path.lastIndexOf('/')); parent !== ''; parent = parent.slice(0, parent.lastIndexOf('/'))) {
        if (this.nodes.get(parent)?.kind !== 'files') continue;
        const by = (key: string) => this.origins.get(key) || 'the config';
        conflicts.push(`${parent} is a file (${by(parent)}) and ${path} would be under it (${by(path)}): Ignition's files stage would fail at first boot`);
      }
    }
    return conflicts;
  }

  /**
   * The group a node asks for as a user's primary group: the config's own account (its
   * primaryGroup; without one, useradd's: the group `users` with noUserGroup, else a group of the
   * user's name), or an account the Fedora CoreOS image has. Undefined when nothing says.
   */
  private primaryGroup(user: string): { name: string } | { id: number } | undefined {
    const account = this.users.get(user);
    if (account) return account.primaryGroup !== undefined ? { name: account.primaryGroup } : account.noUserGroup ? { id: USERS_GID } : { name: user };
    return IMAGE_ACCOUNTS.has(user) ? { name: user } : undefined;
  }

  /** Nodes whose group is a user's primary group that neither the config nor the image tells. */
  unknownGroups(): string[] {
    return [...this.nodes.values()].flatMap(({ entry }) => {
      const { path, group } = entry as { path: string; group?: IgnitionOwner };
      if (group?.primaryGroupOf === undefined || this.primaryGroup(group.primaryGroupOf)) return [];
      const user = group.primaryGroupOf;
      return [`${path} (${this.origins.get(path) || 'the config'}) belongs to ${user}'s primary group, which only the host knows: create ${user} in a first-boot task (user), or leave the task to the run (firstBoot: false)`];
    });
  }

  build(spec: IgnitionSpec): IgnitionConfig {
    const withGroup = (entry: object) => {
      const { group } = entry as { group?: IgnitionOwner };
      return group?.primaryGroupOf === undefined ? entry : { ...entry, group: this.primaryGroup(group.primaryGroupOf) };
    };
    const nodes = (kind: 'files' | 'directories' | 'links') => [...this.nodes.values()].filter((n) => n.kind === kind).map((n) => withGroup(n.entry));
    const files = nodes('files');
    const directories = nodes('directories');
    const links = nodes('links');
    const kargs = (want: boolean) => [...this.kargs].filter(([, v]) => v === want).map(([k]) => k);
    const config = {
      ignition: { version: spec },
      ...(this.nodes.size > 0 && { storage: { ...(files.length > 0 && { files }), ...(directories.length > 0 && { directories }), ...(links.length > 0 && { links }) } }),
      ...(this.units.size > 0 && { systemd: { units: [...this.units.values()] } }),
      ...((this.users.size > 0 || this.groups.size > 0) && {
        passwd: { ...(this.users.size > 0 && { users: [...this.users.values()] }), ...(this.groups.size > 0 && { groups: [...this.groups.values()] }) },
      }),
      ...(this.kargs.size > 0 && { kernelArguments: { ...(kargs(true).length > 0 && { shouldExist: kargs(true) }), ...(kargs(false).length > 0 && { shouldNotExist: kargs(false) }) } }),
    };
    return ignitionConfigSchema.parse(config);
  }
}

function union(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  if (!a && !b) return undefined;
  return [...new Set([...(a ?? []), ...(b ?? [])])];
}

/** The same node or unit, whether or not it says to overwrite (on a fresh host both write it). */
function sameEntry(a: object, b: object): boolean {
  const plain = (o: object) => JSON.stringify({ ...o, overwrite: undefined }, (_key, value: unknown) =>
    (value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([x], [y]) => (x < y ? -1 : 1))) : value));
  return plain(a) === plain(b);
}
