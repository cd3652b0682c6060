// The options object of a module: strict (an unknown option is an error that lists the module's
// options), and knowing Ansible's names for them, so `dest:` says "corectl calls it `path`" both
// at validation and in the type checker's message, instead of burying the options in a long type.
import { z } from 'zod';

/** The message an option written with Ansible's name gets, also used as its (impossible) type. */
type AnsibleNameMessage<Ansible extends string, Ours extends string> = `\`${Ansible}\` is Ansible's name; corectl calls it ${Ours}`;

type AnsibleNameShape<Names extends Record<string, string>, Shape> = {
  [K in Exclude<keyof Names & string, keyof Shape>]: z.ZodOptional<z.ZodType<AnsibleNameMessage<K, Names[K]>, AnsibleNameMessage<K, Names[K]>>>;
};

/**
 * A strict options schema. `ansible` maps Ansible's option names (and values people carry over,
 * written as `state: link`) to what corectl calls them, e.g. `{ dest: '`path`' }`.
 *
 * @example moduleOptions('lineInFile', { path: absolutePathSchema, line: z.string() }, { dest: '`path`' })
 */
export function moduleOptions<Shape extends z.ZodRawShape, const Names extends Record<string, string> = Record<never, string>>(
  module: string,
  shape: Shape,
  ansible: Names = {} as Names,
) {
  const known = Object.keys(shape);
  const hints = Object.fromEntries(
    Object.entries(ansible).filter(([name]) => !(name in shape)).map(([name, ours]) => [name, z.custom<never>(() => false, { error: `\`${name}\` is Ansible's name; corectl calls it ${ours}` }).optional()]),
  ) as unknown as AnsibleNameShape<Names, Shape>;
  return z.strictObject(
    { ...shape, ...hints },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown option ${issue.keys.map((key) => `\`${key}\``).join(', ')}; ${module}'s options are: ${known.join(', ')}`
          : undefined,
    },
  );
}
