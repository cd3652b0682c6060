// A Butane config (variant fcos, 1.5.0 or 1.6.0) as an Ignition fragment, for the parts people
// keep in Butane beside a playbook: storage files, directories and links (contents inline or
// local), systemd units and drop-ins, passwd users and groups, kernel arguments. Field for field
// as the Butane spec maps them to Ignition's (snake_case to camelCase, `inline` to a data URL,
// `local` and `contents_local` read from the Butane file's directory, which plays the part of
// butane's --files-dir). Anything else — disks, LUKS, trees, remote sources, merges, Butane's
// boot_device and grub sugar — is refused at its file:line with the field's name: a config that
// silently lost part of what was asked for would boot a host that only looks right.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { z } from 'zod';
import { InventoryError } from '../inventory/inventory-error.ts';
import { parseYamlSource, validateYaml, type YamlSource } from '../inventory/yaml-source.ts';
import { dataUrl, type IgnitionFile, type IgnitionFragment, type IgnitionUnit, type IgnitionUser } from '../module-api/ignition-fragment.ts';
import { butaneYamlOptions } from './butane-scalars.ts';

export const BUTANE_VERSIONS = ['1.5.0', '1.6.0'] as const;

const owner = z.strictObject({ id: z.number().int().nonnegative().optional(), name: z.string().min(1).optional() });
const absolutePath = z.string().startsWith('/', 'must be an absolute path');
const mode = z.number().int().min(0).max(0o7777, 'must be a mode up to 07777').optional();
const node = { path: absolutePath, overwrite: z.boolean().optional(), user: owner.optional(), group: owner.optional() };
const oneOf = (a: string, b: string) => (o: Record<string, unknown>) => o[a] === undefined || o[b] === undefined;

const butaneSchema = z.strictObject({
  variant: z.literal('fcos', 'corectl reads Butane of variant fcos'),
  version: z.enum(BUTANE_VERSIONS, `corectl reads fcos ${BUTANE_VERSIONS.join(' and ')}`),
  storage: z.strictObject({
    files: z.array(z.strictObject({
      ...node,
      mode,
      contents: z.strictObject({ inline: z.string().optional(), local: z.string().min(1).optional() })
        .refine(oneOf('inline', 'local'), 'inline and local are mutually exclusive').optional(),
    })).optional(),
    directories: z.array(z.strictObject({ ...node, mode })).optional(),
    links: z.array(z.strictObject({ ...node, target: z.string().min(1), hard: z.boolean().optional() })).optional(),
  }).optional(),
  systemd: z.strictObject({
    units: z.array(z.strictObject({
      name: z.string().regex(/^[^/]+\.[a-z]+$/, 'must be a unit name with its type, such as chronyd.service'),
      enabled: z.boolean().optional(),
      mask: z.boolean().optional(),
      contents: z.string().optional(),
      contents_local: z.string().min(1).optional(),
      dropins: z.array(z.strictObject({
        name: z.string().endsWith('.conf', 'must end in .conf'),
        contents: z.string().optional(),
        contents_local: z.string().min(1).optional(),
      }).refine(oneOf('contents', 'contents_local'), 'contents and contents_local are mutually exclusive')).optional(),
    }).refine(oneOf('contents', 'contents_local'), 'contents and contents_local are mutually exclusive')).optional(),
  }).optional(),
  passwd: z.strictObject({
    users: z.array(z.strictObject({
      name: z.string().min(1),
      password_hash: z.string().optional(),
      ssh_authorized_keys: z.array(z.string().min(1)).optional(),
      ssh_authorized_keys_local: z.array(z.string().min(1)).optional(),
      uid: z.number().int().nonnegative().optional(),
      gecos: z.string().optional(),
      home_dir: absolutePath.optional(),
      no_create_home: z.boolean().optional(),
      primary_group: z.string().min(1).optional(),
      groups: z.array(z.string().min(1)).optional(),
      no_user_group: z.boolean().optional(),
      no_log_init: z.boolean().optional(),
      shell: z.string().min(1).optional(),
      system: z.boolean().optional(),
    })).optional(),
    groups: z.array(z.strictObject({
      name: z.string().min(1),
      gid: z.number().int().nonnegative().optional(),
      password_hash: z.string().optional(),
      system: z.boolean().optional(),
    })).optional(),
  }).optional(),
  kernel_arguments: z.strictObject({ should_exist: z.array(z.string().min(1)).optional(), should_not_exist: z.array(z.string().min(1)).optional() }).optional(),
});

type Butane = z.infer<typeof butaneSchema>;

export interface ButaneFragment {
  file: string;
  fragment: IgnitionFragment;
  /** It sets a password hash: the configs hold a secret. */
  sensitive: boolean;
  /** Where each path, unit and user is written in the file (`file:line`), for notes about it. */
  origins: Map<string, string>;
}

export function readButane(file: string): ButaneFragment {
  const source = parseYamlSource(file, readFileSync(file, 'utf8'), { scalars: butaneYamlOptions });
  const butane = validateYaml(source, butaneSchema, source.value, [], (allowed) => `not a field corectl translates from Butane (it reads here: ${allowed}); keep the rest in a config of its own`);
  refuseDuplicates(source, butane);
  const local = localReader(source);
  const files: IgnitionFile[] = (butane.storage?.files ?? []).map((f, i) => {
    const { contents, ...rest } = f;
    const bytes = contents?.inline !== undefined ? Buffer.from(contents.inline, 'utf8') : contents?.local !== undefined ? local(['storage', 'files', i, 'contents', 'local'], contents.local) : undefined;
    return { ...rest, ...(bytes && { contents: { source: dataUrl(bytes) } }) };
  });
  const units: IgnitionUnit[] = (butane.systemd?.units ?? []).map((u, i) => ({
    name: u.name,
    ...(u.enabled !== undefined && { enabled: u.enabled }),
    ...(u.mask !== undefined && { mask: u.mask }),
    ...unitContents(u, (path) => local(['systemd', 'units', i, 'contents_local'], path)),
    ...(u.dropins && {
      dropins: u.dropins.map((d, j) => ({ name: d.name, ...unitContents(d, (path) => local(['systemd', 'units', i, 'dropins', j, 'contents_local'], path)) })),
    }),
  }));
  const users: IgnitionUser[] = (butane.passwd?.users ?? []).map((u, i) => {
    const fromFiles = (u.ssh_authorized_keys_local ?? []).flatMap((path, j) =>
      local(['passwd', 'users', i, 'ssh_authorized_keys_local', j], path).toString('utf8').split('\n').map((line) => line.trim()).filter(Boolean));
    const keys = [...(u.ssh_authorized_keys ?? []), ...fromFiles];
    return definedOnly({
      name: u.name, passwordHash: u.password_hash, uid: u.uid, gecos: u.gecos, homeDir: u.home_dir, noCreateHome: u.no_create_home,
      primaryGroup: u.primary_group, groups: u.groups, noUserGroup: u.no_user_group, noLogInit: u.no_log_init, shell: u.shell, system: u.system,
      sshAuthorizedKeys: keys.length > 0 ? keys : undefined,
    });
  });
  const groups = (butane.passwd?.groups ?? []).map((g) => definedOnly({ name: g.name, gid: g.gid, passwordHash: g.password_hash, system: g.system }));
  const kargs = butane.kernel_arguments;
  const fragment: IgnitionFragment = {
    storage: { files, directories: butane.storage?.directories ?? [], links: butane.storage?.links ?? [] },
    systemd: { units },
    passwd: { users, groups },
    ...(kargs && { kernelArguments: definedOnly({ shouldExist: kargs.should_exist, shouldNotExist: kargs.should_not_exist }) }),
  };
  const sensitive = users.some((u) => u.passwordHash !== undefined) || groups.some((g) => g.passwordHash !== undefined);
  return { file, fragment, sensitive, origins: originsOf(source, butane) };
}

function unitContents(o: { contents?: string | undefined; contents_local?: string | undefined }, read: (path: string) => Buffer): { contents?: string } {
  if (o.contents !== undefined) return { contents: o.contents };
  if (o.contents_local !== undefined) return { contents: read(o.contents_local).toString('utf8') };
  return {};
}

/** Reads a `local` path as butane does from its --files-dir: relative, and never outside it. */
function localReader(source: YamlSource): (field: (string | number)[], path: string) => Buffer {
  const base = dirname(resolve(source.file));
  return (field, path) => {
    const full = resolve(base, path);
    const inside = relative(base, full);
    const fail = (problem: string): never => {
      throw new InventoryError(source.locate(field), field.join('.'), problem);
    };
    if (isAbsolute(path) || inside.startsWith('..') || isAbsolute(inside)) fail(`"${path}" is outside ${base}: local paths are relative to the Butane file's directory and stay in it`);
    try {
      return readFileSync(full);
    } catch (error) {
      return fail(`cannot read ${full}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  };
}

/** Butane refuses two entries at one path, unit, drop-in, user or group; so do we, at the second. */
function refuseDuplicates(source: YamlSource, butane: Butane): void {
  const seen = new Map<string, number>();
  const check = (key: string, field: (string | number)[]) => {
    const location = source.locate(field);
    const first = seen.get(key);
    if (first !== undefined) throw new InventoryError(location, field.join('.'), `duplicate: ${key} is already at line ${first}`);
    seen.set(key, location.line);
  };
  for (const kind of ['files', 'directories', 'links'] as const) {
    for (const [i, entry] of (butane.storage?.[kind] ?? []).entries()) check(`path ${entry.path.replace(/\/+$/, '')}`, ['storage', kind, i, 'path']);
  }
  for (const [i, unit] of (butane.systemd?.units ?? []).entries()) {
    check(`unit ${unit.name}`, ['systemd', 'units', i, 'name']);
    for (const [j, dropin] of (unit.dropins ?? []).entries()) check(`dropin ${unit.name}/${dropin.name}`, ['systemd', 'units', i, 'dropins', j, 'name']);
  }
  for (const [i, user] of (butane.passwd?.users ?? []).entries()) check(`user ${user.name}`, ['passwd', 'users', i, 'name']);
  for (const [i, group] of (butane.passwd?.groups ?? []).entries()) check(`group ${group.name}`, ['passwd', 'groups', i, 'name']);
}

function originsOf(source: YamlSource, butane: Butane): Map<string, string> {
  const origins = new Map<string, string>();
  const at = (field: (string | number)[]) => {
    const { file, line } = source.locate(field);
    return `${file}:${line}`;
  };
  for (const kind of ['files', 'directories', 'links'] as const) {
    for (const [i, entry] of (butane.storage?.[kind] ?? []).entries()) origins.set(entry.path, at(['storage', kind, i]));
  }
  for (const [i, unit] of (butane.systemd?.units ?? []).entries()) origins.set(unit.name, at(['systemd', 'units', i]));
  return origins;
}

function definedOnly<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
