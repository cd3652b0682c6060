// `validate` commands: split into words exactly as Python's shlex.split() (what Ansible runs them
// with), checked against Debian's python3; placeholders and refusals.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellWords, validateCommandSchema, validateFunction } from '../../../src/module-api/validate-command.ts';

const LINES = [
  'visudo -cf %s',
  '/usr/sbin/sshd -T -f %s',
  `sh -c 'test -s "$1"' sh %s`,
  'grep -q "a b" %s',
  'echo a\\ b "c\\"d" \'e\\f\' g\\\\h',
  '  spaced   out  %s  ',
  'x"y"z \'\'a',
  'tab\there',
];

describe('validate commands', () => {
  it("split into the words Python's shlex.split() gives", () => {
    const python = JSON.parse(execFileSync('/usr/bin/python3', ['-c', 'import json,shlex,sys; print(json.dumps([shlex.split(l) for l in json.load(sys.stdin)]))'], { input: JSON.stringify(LINES) }).toString());
    expect(LINES.map(shellWords)).toEqual(python);
  });

  it('put the file where %s is, quoted, and keep %% a percent sign', () => {
    const parsed = validateCommandSchema.parse("check --label '50%% of %s' %s");
    expect(validateFunction(parsed)).toBe(`corectl_validate() { check '--label' '50% of '"$1" "$1"; }\ncorectl_validating=1\n`);
  });

  it.each([
    ['/some/path', 'validate must contain %s: /some/path'],
    ["test -f '%s", 'No closing quotation'],
    ['test %d %s', '"%d" is not %s or %%'],
  ])('refuse %j: %s', (command, message) => {
    const parsed = validateCommandSchema.safeParse(command);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.message).toContain(message);
  });
});
