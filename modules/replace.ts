// replace: every match of a Python regular expression in a file replaced, with Ansible's replace
// rules (MULTILINE, back-references in the replacement, `after`/`before` bounding the part of the
// file edited). The file is read on the host, the edit is made on the controller
// (text/replace-edit.ts), and a changed file is written back atomically, only if it is still what
// was read.
import { z } from 'zod';
import { absolutePathSchema, defineModule, moduleOptions, pythonRegexSchema } from 'corectl/module';
import { applyReplace, replaceEdit } from './text/replace-edit.ts';
import { EDIT_ANSIBLE_NAMES, editedFileShape } from './text/edit-options.ts';
import { inspectStep, readState, textFileOutcome, withoutContent } from './text/text-file-steps.ts';

const { state: _state, create: _create, ...fileShape } = editedFileShape;

const schema = moduleOptions(
  'replace',
  {
    /** The file; it must exist. @example '/etc/hosts' */
    path: absolutePathSchema,
    /** A Python regular expression, matched with MULTILINE (^ and $ at every line). @example '^(\\s*)PermitRootLogin\\s+\\S+' */
    regexp: pythonRegexSchema,
    /** What each match becomes: a Python template (\1, \g<name>); empty removes the matches. */
    replace: z.string().default(''),
    /** Only after the first match of this Python regex (to the end, or to `before`). */
    after: pythonRegexSchema.optional(),
    /** Only before the match of this Python regex (from the start, or from `after`). */
    before: pythonRegexSchema.optional(),
    ...fileShape,
  },
  { dest: '`path`', destfile: '`path`', name: '`path`', unsafe_writes: EDIT_ANSIBLE_NAMES.unsafe_writes, encoding: 'nothing: files are read as UTF-8, as Ansible does by default' },
).superRefine((o, ctx) => {
  try {
    replaceEdit(o);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

/**
 * Every match of `regexp` replaced; with `after`/`before`, only in the part of the file between
 * their first matches.
 *
 * @example replace({ path: '/etc/hosts', regexp: '^(127\\.0\\.1\\.1)\\s+\\S+$', replace: '\\1 node1.example.net' })
 */
export const replace = defineModule({
  name: 'replace',
  ansible: 'ansible.builtin.replace',
  schema,
  describe: (o) => o.path,
  remote: (o) => inspectStep({ ...o, create: false }),
  controller: async (output, o, env) => {
    const state = readState(output, o.path);
    if (state.content === undefined) throw new Error(`Path ${o.path} does not exist !`);
    const outcome = applyReplace(state.content, replaceEdit(o));
    const options = { ...o, create: false };
    return textFileOutcome(options, state, outcome.changed ? outcome.content : undefined, outcome.message, env);
  },
  result: withoutContent,
});
