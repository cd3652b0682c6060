// template: a file whose content is a TypeScript function of the task's vars and facts, rendered
// on the controller (no Jinja), then written exactly like `file` (Ansible's template module).
import { z } from 'zod';
import { absolutePathSchema, defineModule, moduleOptions, type TaskContext } from 'corectl/module';
import { FILE_ANSIBLE_NAMES, writeFileStep, writtenFileIgnition, writtenFileShape } from './file.ts';

type Render = (context: TaskContext<any>) => string;

const schema = moduleOptions(
  'template',
  {
    path: absolutePathSchema,
    /** Renders the content from the host's vars and facts. @example ({ vars }) => `pool ${vars.ntp}\n` */
    template: z.custom<Render>((value) => typeof value === 'function', 'must be a function (context) => string'),
    ...writtenFileShape,
  },
  { ...FILE_ANSIBLE_NAMES, src: '`template`: a function of the task context, not a Jinja file' },
);

/**
 * @example template({ path: '/etc/chrony.conf', template: ({ vars }) => vars.ntp_servers.map((s) => `server ${s} iburst`).join('\n') + '\n' })
 */
export const template = defineModule({
  name: 'template',
  ansible: 'ansible.builtin.template',
  schema,
  describe: (o) => o.path,
  remote: (o, env) => writeFileStep(o, o.template(env.context), env.diff),
  sensitive: (o) => !!o.sensitive,
  ignition: (o, env) => writtenFileIgnition(o, o.template(env.context)),
});
