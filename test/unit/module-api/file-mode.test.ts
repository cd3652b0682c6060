// File modes: octal forms, the decimal-number mistake, and symbolic modes computed by the shell
// arithmetic corectl sends, checked against Ansible's own _symbolic_mode_to_octal (Debian's
// ansible-core) for every mode, start mode, file type and umask of the sample.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { modeSchema } from '../../../src/module-api/file-mode.ts';

const ANSIBLE = String.raw`
import json, os, stat, sys
from ansible.module_utils.basic import AnsibleModule
out = []
for mode, start, is_dir, umask in json.load(sys.stdin):
    class S: pass
    s = S(); s.st_mode = (stat.S_IFDIR if is_dir else stat.S_IFREG) | start
    os.umask(umask)
    out.append(AnsibleModule._symbolic_mode_to_octal(s, mode))
json.dump(out, sys.stdout)
`;

const MODES = ['u=rwx,g=rwx,o=rwx', 'a=r', 'u+w', 'g-wx', 'o+t', 'o-t', 'g+s', 'u-s', 'a+X', 'u=rwX,g=rX,o=', '+x', '=r', '-w', 'u=g', 'go=u-w', 'o=u', 'g+rwxs,o-rwx', 'ug=rw', 'a-x,u+x', 'u=,g=,o='];
const STARTS = [0o644, 0o755, 0o600, 0o4755, 0o2770, 0o1777, 0o000, 0o711];

describe('file modes', () => {
  it.each([['0644', '644'], ['644', '644'], ['0o750', '750'], ['01777', '1777'], [0o640, '640'], [0, '0'], [0o4755, '4755'], [0o1777, '1777'], [0o2750, '2750'], [0o400, '400']])('%j is octal %s', (mode, octal) => {
    expect(modeSchema.parse(mode)).toBe(octal);
  });

  it.each([
    [755, "755 is a decimal number (0o1363); did you mean 0o755 or '755'?"],
    [644, "644 is a decimal number (0o1204); did you mean 0o644 or '644'?"],
    ['999', '"999" is not an octal mode'],
    ['017777', 'only permission bits are allowed'],
    ['u=rq', 'is not a symbolic mode'],
    ['ua+x', 'bad symbolic permission'],
    [-1, 'is not a file mode'],
  ])('refuses %j: %s', (mode, message) => {
    const parsed = modeSchema.safeParse(mode);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.message).toContain(message);
  });

  it("computes symbolic modes exactly as Ansible does (against ansible-core's own code)", () => {
    const samples = MODES.flatMap((mode) => STARTS.flatMap((start) => [false, true].flatMap((dir) => [0o022, 0o077].map((umask) => [mode, start, dir, umask] as const))));
    const expected = JSON.parse(execFileSync('/usr/bin/python3', ['-c', ANSIBLE], { input: JSON.stringify(samples) }).toString()) as number[];
    // The same arithmetic the host's shell runs (dash here; the module tests run it on bash too).
    const script = samples
      .map(([mode, start, dir, umask]) => {
        const snippet = modeSchema.parse(mode).slice('sym:'.length);
        return `m=${start}; d=${dir ? 1 : 0}; x=$(( (m & 73) != 0 )); um=${umask}\n${snippet}\nprintf '%o\\n' "$n"`;
      })
      .join('\n');
    const got = execFileSync('dash', ['-c', script]).toString().trim().split('\n');
    expect(got).toEqual(expected.map((n) => n.toString(8)));
  });
});
