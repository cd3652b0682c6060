// lineInFile: one line in a file made by someone else, with Ansible's lineinfile rules and
// Python regular expressions. The file is read on the host, the edit is decided on the
// controller (text/line-edit.ts), and a changed file is written back atomically.
import { z } from 'zod';
import {
  absolutePathSchema,
  compilePythonRegex,
  defineModule,
  moduleOptions,
  parseTemplate,
  pythonRegexSchema,
  textBytes,
} from 'corectl/module';
import { absentLine, presentLine, splitLines, type LineEditOptions } from './text/line-edit.ts';
import { anchorSchema, EDIT_ANSIBLE_NAMES, editedFileShape, fileToEdit, isOutcome } from './text/edit-options.ts';
import { inspectStep, textFileOutcome, withoutContent } from './text/text-file-steps.ts';

const schema = moduleOptions(
  'lineInFile',
  {
    /** The file. @example '/etc/ssh/sshd_config' */
    path: absolutePathSchema,
    /** The line to have (state present), or to remove. With backrefs, a Python replacement template (\1, \g<name>). */
    line: z.string().refine((l) => !l.includes('\n'), 'must be a single line (a line with a newline in it would be added again on every run)').optional(),
    /** A Python regular expression: the last line it matches (the first with firstMatch) is replaced, or removed with state absent. @example '^#?PermitRootLogin' */
    regexp: pythonRegexSchema.optional(),
    /** A literal string instead of regexp: a line containing it. */
    searchString: z.string().optional(),
    /** Where a new line goes when nothing matched: after the last line matching this Python regex, or 'EOF' (the default) or 'BOF'. */
    insertAfter: anchorSchema('EOF', 'BOF').optional(),
    /** Where a new line goes when nothing matched: before the last line matching this Python regex, or 'BOF'. */
    insertBefore: anchorSchema('BOF').optional(),
    /** Replace with `line` expanded with regexp's groups; when regexp matches nothing, change nothing. */
    backrefs: z.boolean().default(false),
    /** insertAfter/insertBefore and regexp use the first matching line, not the last. */
    firstMatch: z.boolean().default(false),
    ...editedFileShape,
  },
  {
    ...EDIT_ANSIBLE_NAMES, regex: '`regexp`', value: '`line`', search_string: '`searchString`', firstmatch: '`firstMatch`',
  },
).superRefine((o, ctx) => {
  const problem = (message: string) => ctx.addIssue({ code: 'custom', message });
  if (o.insertAfter !== undefined && o.insertBefore !== undefined) problem('give insertAfter or insertBefore, not both');
  if (o.regexp !== undefined && o.searchString !== undefined) problem('give regexp or searchString, not both');
  if (o.backrefs && o.searchString !== undefined) problem('backrefs needs regexp, not searchString');
  if (o.state === 'present' && o.backrefs && o.regexp === undefined) problem('regexp is required with backrefs: true');
  if (o.state === 'present' && o.line === undefined) problem('line is required with state present');
  if (o.state === 'absent' && o.line === undefined && o.regexp === undefined && o.searchString === undefined) problem('one of line, searchString or regexp is required with state absent');
  if (o.backrefs && o.regexp !== undefined && o.line !== undefined) {
    try {
      parseTemplate(textBytes(o.line), compilePythonRegex(o.regexp));
    } catch (error) {
      problem((error as Error).message);
    }
  }
});

type Options = z.output<typeof schema>;

function editOptions(o: Options): LineEditOptions {
  const regexp = o.regexp === undefined ? undefined : compilePythonRegex(o.regexp);
  const anchor = o.insertAfter ?? o.insertBefore;
  return {
    line: o.line === undefined ? undefined : textBytes(o.line),
    regexp,
    searchString: o.searchString === undefined ? undefined : textBytes(o.searchString),
    insertAfter: o.insertAfter,
    insertBefore: o.insertBefore,
    insertPattern: anchor === undefined || anchor === 'BOF' || anchor === 'EOF' ? undefined : compilePythonRegex(anchor),
    backrefs: o.backrefs && regexp && o.line !== undefined ? parseTemplate(textBytes(o.line), regexp) : undefined,
    firstMatch: o.firstMatch,
  };
}

/**
 * One line in a file: replaces the last line matching `regexp`, else adds `line` (after the last
 * line matching `insertAfter`, or at the end) unless it is already there. Regular expressions are
 * Python's, as in Ansible.
 *
 * @example lineInFile({ path: '/etc/ssh/sshd_config', regexp: '^#?\\s*PermitRootLogin\\b', line: 'PermitRootLogin no' })
 */
export const lineInFile = defineModule({
  name: 'lineInFile',
  ansible: 'ansible.builtin.lineinfile',
  schema,
  describe: (o) => o.path,
  remote: (o) => inspectStep(o),
  controller: async (output, o, env) => {
    const state = fileToEdit(output, o, { message: 'file not present', needsCreate: false });
    if (isOutcome(state)) return state;
    const lines = splitLines(state.content ?? '');
    const edit = o.state === 'present' ? presentLine(lines, editOptions(o)) : absentLine(lines, editOptions(o));
    return textFileOutcome(o, state, edit.changed ? edit.lines.join('') : undefined, edit.message, env);
  },
  result: withoutContent,
});
