// The two host steps of lineInFile and blockInFile. The first reads the file (following a
// symbolic link, as Ansible edits the target and keeps the link) and checks its metadata without
// changing anything; the controller then computes the new content with Ansible's rules; a second
// step writes it only when it differs, and only if the file is still what was read.
import { contentHash, sh, shellScript, unifiedDiff, validateFunction, type ControllerOutcome, type ModuleOutput, type RemoteStep, type TaskResult, type ValidateCommand } from 'corectl/module';
import inspectScript from './text-file-inspect.sh';
import writeScript from './text-file-write.sh';

export interface TextFileOptions {
  path: string;
  create: boolean;
  backup: boolean;
  validate?: ValidateCommand;
  mode?: string;
  owner?: string;
  group?: string;
}

/** What the first step found. */
export interface TextFileState {
  /** The file edited: the link's target when path is a symbolic link. */
  realPath: string;
  link: boolean;
  /** The content as bytes held one per character (latin1); undefined when there is no file. */
  content: string | undefined;
  /** Mode, owner or group differ from what the options ask. */
  metadataDiffers: boolean;
  parentMissing: boolean;
}

export function inspectStep(o: TextFileOptions): RemoteStep {
  return { script: shellScript(inspectScript, o.path, o.mode ?? '', o.owner ?? '', o.group ?? '') };
}

export function readState(output: ModuleOutput, path: string): TextFileState {
  const content = output.data.content;
  return {
    realPath: output.data.link ?? path,
    link: output.data.link !== undefined,
    content: content === undefined ? undefined : Buffer.from(content, 'base64').toString('latin1'),
    metadataDiffers: output.data.metadata === '1',
    parentMissing: output.data.parent === 'missing',
  };
}

/**
 * Writes `content` (latin1-held bytes) over what was read, or only fixes metadata when the
 * content is unchanged. Refuses to write when the file changed since it was read.
 */
export function writeStep(o: TextFileOptions, state: TextFileState, content: string | undefined, message = ''): RemoteStep {
  const metaPath = state.link ? o.path : state.realPath;
  if (content === undefined) {
    return { script: sh`corectl_meta ${metaPath} ${state.link ? '' : (o.mode ?? '')} ${o.owner ?? ''} ${o.group ?? ''} || exit 1\n` };
  }
  const bytes = Buffer.from(content, 'latin1');
  const before = state.content === undefined ? 'absent' : contentHash(Buffer.from(state.content, 'latin1'));
  // A link keeps its target's metadata; its own owner and group are set on the link (as lchown).
  const [mode, owner, group] = state.link ? ['', '', ''] : [o.mode ?? '', o.owner ?? '', o.group ?? ''];
  const link = state.link && (o.owner || o.group) ? o.path : '';
  return {
    stdin: bytes,
    script: `${validateFunction(o.validate)}${shellScript(writeScript, state.realPath, before, contentHash(bytes), mode, owner, group, o.backup, message, link, o.owner ?? '', o.group ?? '')}`,
  };
}

/**
 * The controller's decision once the new content is known: nothing to do, a prediction (check
 * mode), or the write step. `content` is undefined when the edit leaves the bytes as they are.
 */
export function textFileOutcome(o: TextFileOptions, state: TextFileState, content: string | undefined, message: string, env: { check: boolean; diff: boolean }): ControllerOutcome {
  const changes = content !== undefined && content !== state.content;
  if (!changes && !state.metadataDiffers) return { message: message || undefined };
  const text = (bytes: string | undefined) => (bytes === undefined ? undefined : Buffer.from(bytes, 'latin1').toString('utf8'));
  const diff = changes && env.diff ? { unified: unifiedDiff(o.path, text(state.content), text(content)!) } : undefined;
  // Check mode runs validate too (on a scratch copy), so it can predict a failed validation.
  if (env.check && !(changes && o.validate)) return { changed: true, message: message || undefined, diff };
  // The edit is said once it is done: a write that fails (validate) must not claim "line added".
  return { diff, next: writeStep(o, state, changes ? content : undefined, message) };
}

/** The file's content travels to the controller in the step's data: it is never reported. */
export function withoutContent(output: ModuleOutput): Partial<TaskResult> {
  const { content: _content, ...data } = output.data;
  return { data, stdout: '' };
}
