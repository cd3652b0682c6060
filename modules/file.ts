// file: a file with the given content and metadata (Ansible's copy with `content` or `src`, also
// `remote_src`), or, without content, the metadata of a file that must already exist (Ansible's
// file with state: file).
// Content travels on stdin and is compared by hash (b2sum) on the host; nothing is written when
// it matches. Writes are atomic (corectl_file in src/module-api/shell/file-functions.sh).
import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import {
  absolutePathSchema, contentHash, defineModule, fileContentSchema, ignitionFile, modeSchema, moduleOptions, ownerSchema, shellScript, validateCommandSchema, validateFunction,
  type IgnitionRendering, type ValidateCommand,
} from 'corectl/module';
import metadata from './file-metadata.sh';
import remoteCopy from './remote-copy.sh';
import writeFile from './write-file.sh';

/** Ansible's names for these options, and for the modules corectl has instead of `state:`. */
export const FILE_ANSIBLE_NAMES = {
  dest: '`path`', name: '`path`', state: 'a module of its own: file, directory, symlink, hardlink, touch or absent',
  follow: 'nothing: links are followed as Ansible does by default', remote_src: '`remoteSrc`', force: 'nothing for files: content is always replaced',
  unsafe_writes: 'nothing: writes are always atomic',
} as const;

/** What every module that writes a whole file takes besides the content (file, template). */
export const writtenFileShape = {
  /** Octal ('0640') or symbolic ('u=rw,g=r,o='); a new file gets 0644 unless given. @example '0640' */
  mode: modeSchema.optional(),
  owner: ownerSchema.optional(),
  group: ownerSchema.optional(),
  /** A command that must accept the new file before it replaces the old one; %s is its path. @example 'visudo -cf %s' */
  validate: validateCommandSchema.optional(),
  /** Keep a copy of the old file as PATH.PID.DATE@TIME~ before replacing it. */
  backup: z.boolean().default(false),
  /** The content is a secret: never shown in a diff. */
  sensitive: z.boolean().optional(),
};

export const fileOptionsSchema = moduleOptions(
  'file',
  {
    /** Absolute path of the file on the host. @example '/etc/chrony.conf' */
    path: absolutePathSchema,
    /** The content. Without content or src, the file must exist and only its metadata is managed. @example 'pool pool.ntp.org iburst\n' */
    content: fileContentSchema.optional(),
    /** A local file (on the controller) whose content to send instead; with remoteSrc, a file on the host. @example 'files/motd' */
    src: z.string().optional(),
    /** `src` is a file on the host (an absolute path): the file is a copy of it. */
    remoteSrc: z.boolean().default(false),
    ...writtenFileShape,
  },
  FILE_ANSIBLE_NAMES,
).refine((o) => o.content === undefined || o.src === undefined, 'give content or src, not both')
  .refine((o) => !o.remoteSrc || (o.src !== undefined && o.src.startsWith('/')), { message: 'remoteSrc needs src, an absolute path on the host', path: ['remoteSrc'] });

export type FileOptions = z.output<typeof fileOptionsSchema>;

/** The shell step shared by every module that writes one whole file. */
export function writeFileStep(
  o: { path: string; mode?: string; owner?: string; group?: string; sensitive?: boolean; validate?: ValidateCommand; backup?: boolean },
  content: string | Buffer,
  diff: boolean,
) {
  const showDiff = diff && !o.sensitive;
  return {
    script: `${validateFunction(o.validate)}${shellScript(writeFile, o.path, contentHash(content), o.mode ?? '', o.owner ?? '', o.group ?? '', showDiff, !!o.backup)}`,
    stdin: content,
    lazyStdin: true,
  };
}

/** A whole file in a first-boot Ignition config (file, template). */
export function writtenFileIgnition(o: { path: string; mode?: string; owner?: string; group?: string; validate?: ValidateCommand }, content: string | Buffer): IgnitionRendering {
  if (o.validate) return { leftToRun: 'its validate command runs on the host before the file is replaced, and Ignition runs no commands' };
  return ignitionFile(o.path, content, o);
}

/** A local src file's bytes; a directory is copyTree's. */
function readSource(src: string): Buffer {
  if (statSync(src, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`src ${src} is a directory: copyTree copies a directory tree`);
  return readFileSync(src);
}

/** Metadata of an existing file; a link is followed, as Ansible's file module does. */
function metadataStep(o: FileOptions) {
  return { script: shellScript(metadata, o.path, o.mode ?? '', o.owner ?? '', o.group ?? '') };
}

/**
 * A file with exact content, owner, group and mode; or, without content, the metadata of an
 * existing file.
 *
 * @example file({ path: '/etc/chrony.conf', content: 'pool pool.ntp.org iburst\n', mode: '0644' })
 * @example file({ path: '/etc/ssh/sshd_config', mode: '0600', owner: 'root' })
 * @example file({ path: '/etc/containers/registries.conf', src: '/usr/share/containers/registries.conf', remoteSrc: true })
 */
export const file = defineModule({
  name: 'file',
  ansible: 'ansible.builtin.copy (content, src or remote_src); ansible.builtin.file (state: file)',
  schema: fileOptionsSchema,
  describe: (o) => o.path,
  remote: (o, env) => {
    if (o.content === undefined && o.src === undefined) return metadataStep(o);
    if (o.remoteSrc) {
      return { script: `${validateFunction(o.validate)}${shellScript(remoteCopy, o.path, o.src!, o.mode ?? '', o.owner ?? '', o.group ?? '', env.diff && !o.sensitive, o.backup)}` };
    }
    return writeFileStep(o, o.content ?? readSource(o.src!), env.diff);
  },
  sensitive: (o) => !!o.sensitive,
  ignition: (o) => {
    if (o.content === undefined && o.src === undefined) return { leftToRun: 'it sets the metadata of a file the host already has, and Ignition writes whole files' };
    if (o.remoteSrc) return { leftToRun: 'it copies a file the host has, and Ignition writes only what its config holds' };
    return writtenFileIgnition(o, o.content ?? readSource(o.src!));
  },
});
