// The options lineInFile and blockInFile share with each other (and with Ansible): what happens
// when the file is missing, backup, validate, metadata, and where new text goes.
import { z } from 'zod';
import { modeSchema, ownerSchema, pythonRegexSchema, validateCommandSchema, type ControllerOutcome, type ModuleOutput } from 'corectl/module';
import { readState, type TextFileState } from './text-file-steps.ts';

/** insertAfter/insertBefore: a Python regex, or one of the special words. */
export const anchorSchema = (...specials: string[]) =>
  z.string().superRefine((value, ctx) => {
    if (specials.includes(value)) return;
    const checked = pythonRegexSchema.safeParse(value);
    if (!checked.success) ctx.addIssue({ code: 'custom', message: checked.error.issues[0]!.message });
  });

export const editedFileShape = {
  state: z.enum(['present', 'absent']).default('present'),
  /** Create the file (and its directories) when it does not exist. */
  create: z.boolean().default(false),
  /** Keep a copy of the old file as PATH.PID.DATE@TIME~ before changing it. */
  backup: z.boolean().default(false),
  /** A command that must accept the new file before it replaces the old one; %s is its path. @example 'sshd -t -f %s' */
  validate: validateCommandSchema.optional(),
  /** The file's mode: octal ('0644') or symbolic ('u=rw,g=r,o='). */
  mode: modeSchema.optional(),
  owner: ownerSchema.optional(),
  group: ownerSchema.optional(),
};

export const EDIT_ANSIBLE_NAMES = {
  dest: '`path`', destfile: '`path`', name: '`path`', insertafter: '`insertAfter`', insertbefore: '`insertBefore`',
  unsafe_writes: 'nothing: writes are always atomic',
} as const;

/**
 * What was read, or the outcome when there is nothing to edit (no file, and none wanted). Ansible's
 * lineinfile is fine with no file for state absent; its blockinfile wants `create` even then.
 */
export function fileToEdit(output: ModuleOutput, o: { path: string; state: string; create: boolean; mode?: string }, absent: { message: string; needsCreate: boolean }): TextFileState | ControllerOutcome {
  const state = readState(output, o.path);
  const missing = state.content === undefined;
  if (missing && o.state === 'absent' && (o.create || !absent.needsCreate)) return { message: absent.message };
  if (missing && !o.create) throw new Error(`${o.path} does not exist (set create: true to create it)`);
  if (state.link && o.mode !== undefined) {
    throw new Error(`${o.path} is a symbolic link to ${state.realPath}: Ansible would set mode on the link itself, which Linux ignores; give the target's path to set its mode`);
  }
  return state;
}

export const isOutcome = (value: TextFileState | ControllerOutcome): value is ControllerOutcome => !('realPath' in value);
