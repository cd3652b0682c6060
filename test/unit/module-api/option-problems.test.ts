// A task's options with several mistakes are told all at once, each naming its option.
import { describe, expect, it } from 'vitest';
import { file } from '../../../modules/file.ts';
import { describeOptionProblems, optionProblems } from '../../../src/module-api/option-problems.ts';

describe('option problems', () => {
  it('names every bad option of a task, not only the first', () => {
    const { definition } = file({ path: '/etc/x', content: 'x' });
    const parsed = definition.schema.safeParse({ path: 'relative/path', content: 'x', mode: 'rwx' });
    expect(parsed.success).toBe(false);
    const problems = optionProblems('file', parsed.error!);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^file option path: /);
    expect(problems[1]).toMatch(/^file option mode: /);
    expect(describeOptionProblems('file', parsed.error!)).toBe(problems.join('; '));
  });
});
