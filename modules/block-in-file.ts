// blockInFile: a block of lines between two marker lines, with Ansible's blockinfile rules. The
// file is read on the host, the edit is decided on the controller (text/block-edit.ts), and a
// changed file is written back atomically.
import { z } from 'zod';
import {
  absolutePathSchema,
  compilePythonRegex,
  defineModule,
  expandTemplate,
  moduleOptions,
  parseTemplate,
  textBytes,
} from 'corectl/module';
import { editBlock } from './text/block-edit.ts';
import { anchorSchema, EDIT_ANSIBLE_NAMES, editedFileShape, fileToEdit, isOutcome } from './text/edit-options.ts';
import { inspectStep, textFileOutcome, withoutContent } from './text/text-file-steps.ts';

// Ansible puts markerBegin/markerEnd in with re.sub: they are replacement templates (\\n is a newline).
const MARK = compilePythonRegex('\\{mark\\}');
const markTemplate = z.string().superRefine((value, ctx) => {
  try {
    parseTemplate(textBytes(value), MARK);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

const schema = moduleOptions(
  'blockInFile',
  {
    /** The file. @example '/etc/hosts' */
    path: absolutePathSchema,
    /** The lines between the markers; '' removes the block. @example '203.0.113.10 ns1\n203.0.113.11 ns2' */
    block: z.string().default(''),
    /** The marker lines; `{mark}` becomes markerBegin and markerEnd. */
    marker: z.string().default('# {mark} ANSIBLE MANAGED BLOCK'),
    markerBegin: markTemplate.default('BEGIN'),
    markerEnd: markTemplate.default('END'),
    /** A new block goes after the last line matching this Python regex, or at 'EOF' (the default). */
    insertAfter: anchorSchema('EOF').optional(),
    /** A new block goes before the last line matching this Python regex, or at 'BOF'. */
    insertBefore: anchorSchema('BOF').optional(),
    ...editedFileShape,
  },
  {
    ...EDIT_ANSIBLE_NAMES, content: '`block`', marker_begin: '`markerBegin`', marker_end: '`markerEnd`',
  },
).superRefine((o, ctx) => {
  if (o.insertAfter !== undefined && o.insertBefore !== undefined) ctx.addIssue({ code: 'custom', message: 'give insertAfter or insertBefore, not both' });
});

type Options = z.output<typeof schema>;

function markerLine(o: Options, mark: string): string {
  const m = MARK.regex.exec(textBytes(o.marker));
  const filled = textBytes(o.marker).replaceAll(textBytes('{mark}'), () => expandTemplate(parseTemplate(textBytes(mark), MARK), m!));
  return `${filled}\n`;
}

/**
 * A block of lines between two marker lines, replaced as a whole; with Ansible's default marker,
 * blocks Ansible wrote are taken over as they are.
 *
 * @example blockInFile({ path: '/etc/hosts', block: '203.0.113.10 ns1\n203.0.113.11 ns2', marker: '# {mark} CORECTL HOSTS' })
 */
export const blockInFile = defineModule({
  name: 'blockInFile',
  ansible: 'ansible.builtin.blockinfile',
  schema,
  describe: (o) => o.path,
  remote: (o) => inspectStep(o),
  controller: async (output, o, env) => {
    const state = fileToEdit(output, o, { message: `File ${o.path} not present`, needsCreate: true });
    if (isOutcome(state)) return state;
    const anchorText = o.insertAfter ?? o.insertBefore;
    const edit = editBlock(state.content, {
      block: textBytes(o.block),
      present: o.state === 'present',
      begin: markerLine(o, o.markerBegin),
      end: markerLine(o, o.markerEnd),
      insertAfter: o.insertAfter,
      insertBefore: o.insertBefore,
      insertPattern: anchorText === undefined || anchorText === 'EOF' || anchorText === 'BOF' ? undefined : compilePythonRegex(anchorText),
    });
    return textFileOutcome(o, state, edit.changed ? edit.content : undefined, edit.message, env);
  },
  result: withoutContent,
});
