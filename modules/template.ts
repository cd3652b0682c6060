// template: a file whose content is a TypeScript function of the task's vars and facts, rendered
// on the controller (no Jinja), then written exactly like `file`.
import { z } from 'zod';
import { absolutePathSchema, defineModule, modeSchema, accountNameSchema, type TaskContext } from 'corectl/module';
import { writeFileStep } from './file.ts';

type Render = (context: TaskContext<any>) => string;

const schema = z.strictObject({
  path: absolutePathSchema,
  /** Renders the content from the host's vars and facts. @example ({ vars }) => `pool ${vars.ntp}\n` */
  template: z.custom<Render>((value) => typeof value === 'function', 'must be a function (context) => string'),
  mode: modeSchema.optional(),
  owner: accountNameSchema.optional(),
  group: accountNameSchema.optional(),
  sensitive: z.boolean().optional(),
});

/**
 * @example template({ path: '/etc/chrony.conf', template: ({ vars }) => vars.ntp_servers.map((s) => `server ${s} iburst`).join('\n') + '\n' })
 */
export const template = defineModule({
  name: 'template',
  schema,
  describe: (o) => o.path,
  remote: (o, env) => writeFileStep(o, o.template(env.context), env.diff),
  sensitive: (o) => !!o.sensitive,
});
