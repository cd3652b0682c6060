// What a module's task becomes in a host's first-boot Ignition config (`corectl ignition`): a
// fragment of the config, in the spec's own shape (Ignition 3.x: storage, systemd, passwd,
// kernelArguments), or the reason Ignition cannot do it, which leaves the task to the first
// corectl run. The engine merges the fragments of every task in playbook order.
import { CorectlError } from '../errors/corectl-error.ts';
import { ExitCode } from '../errors/exit-codes.ts';

/** A user or group as Ignition names one: by name, or by id when given as a number. */
export interface IgnitionOwner {
  name?: string;
  id?: number;
  /**
   * The primary group of this user, whichever that is: the merge finds it among the config's users
   * (their primaryGroup, or the group useradd makes of their name), since a module rendering alone
   * cannot know it and a group named after the user may not exist.
   */
  primaryGroupOf?: string;
}

export interface IgnitionNode {
  path: string;
  /** Replace what is at path (a fresh host has nothing there but the image's files). */
  overwrite?: boolean;
  user?: IgnitionOwner;
  group?: IgnitionOwner;
}

export interface IgnitionFile extends IgnitionNode {
  /** Decimal, as the spec has it (0644 is 420). */
  mode?: number;
  contents?: { source: string };
}

export interface IgnitionDirectory extends IgnitionNode {
  mode?: number;
}

export interface IgnitionLink extends IgnitionNode {
  target: string;
  hard?: boolean;
}

export interface IgnitionUnit {
  name: string;
  enabled?: boolean;
  mask?: boolean;
  contents?: string;
  dropins?: { name: string; contents?: string }[];
}

export interface IgnitionUser {
  name: string;
  passwordHash?: string;
  sshAuthorizedKeys?: string[];
  uid?: number;
  gecos?: string;
  homeDir?: string;
  noCreateHome?: boolean;
  primaryGroup?: string;
  groups?: string[];
  noUserGroup?: boolean;
  noLogInit?: boolean;
  system?: boolean;
  shell?: string;
}

export interface IgnitionGroup {
  name: string;
  gid?: number;
  passwordHash?: string;
  system?: boolean;
}

export interface IgnitionFragment {
  storage?: { files?: IgnitionFile[]; directories?: IgnitionDirectory[]; links?: IgnitionLink[] };
  systemd?: { units?: IgnitionUnit[] };
  passwd?: { users?: IgnitionUser[]; groups?: IgnitionGroup[] };
  kernelArguments?: { shouldExist?: string[]; shouldNotExist?: string[] };
}

/** A task Ignition cannot do: it is left to the first corectl run, with this reason. */
export interface LeftToRun {
  leftToRun: string;
}

export type IgnitionRendering = IgnitionFragment | LeftToRun;

/** Thrown while rendering when Ignition cannot express an option: the task is left to the first run. */
export class NotExpressibleError extends CorectlError {
  override readonly name = 'NotExpressibleError';
  override readonly exitCode = ExitCode.usage;
}

/**
 * Known by name, not instanceof: a site's own module may carry another copy of corectl's module
 * API (its own node_modules), whose class is another class.
 */
export function isNotExpressible(error: unknown): error is NotExpressibleError {
  return error instanceof Error && error.name === 'NotExpressibleError';
}

/** Ignition's user/group for an owner option: numeric ones by id. */
export function ignitionOwner(owner: string | undefined): IgnitionOwner | undefined {
  if (owner === undefined || owner === '') return undefined;
  return /^\d+$/.test(owner) ? { id: Number(owner) } : { name: owner };
}

/**
 * A mode option (as modeSchema gives it: octal digits, or `sym:` for a symbolic mode) as the spec's
 * decimal number. A symbolic mode is worked out from the file's mode on the host, which Ignition
 * cannot read.
 */
export function ignitionMode(mode: string | undefined, fallback: number): number {
  if (mode === undefined) return fallback;
  if (mode.startsWith('sym:')) throw new NotExpressibleError('a symbolic mode is worked out from the mode on the host, which Ignition cannot read');
  return parseInt(mode, 8);
}

/** A data URL of the content (what Ignition fetches a file's contents from). */
export function dataUrl(content: string | Buffer): string {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return `data:;base64,${bytes.toString('base64')}`;
}

/** A whole file with its content, mode and owner, replacing what is there. */
export function ignitionFile(path: string, content: string | Buffer, o: { mode?: string; owner?: string; group?: string }, defaultMode = 0o644): IgnitionFragment {
  const user = ignitionOwner(o.owner);
  const group = ignitionOwner(o.group);
  return {
    storage: {
      files: [{ path, overwrite: true, mode: ignitionMode(o.mode, defaultMode), contents: { source: dataUrl(content) }, ...(user && { user }), ...(group && { group }) }],
    },
  };
}
