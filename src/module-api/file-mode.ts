// File modes as Ansible takes them: octal ('0644', '644', 0o644) or symbolic ('u=rw,g=r,o=',
// 'a+X'). A symbolic mode is turned into shell arithmetic that computes the new mode from the
// file's current one on the host, with Ansible's rules (X, u/g/o copies and the umask all read
// the mode as it was before the change), so check mode and the real run agree.
import { z } from 'zod';

const PERM_BITS = 0o7777;
const CLAUSE = /^([ugoa]*)((?:[-+=][rwxXstugo]*)+)$/;
// What `=` replaces for each class, special bits included, and the bits each letter sets.
const CLASS_MASK = { u: 0o4700, g: 0o2070, o: 0o1007 } as const;
const SHIFT = { u: 6, g: 3, o: 0 } as const;
const SPECIAL = { u: { s: 0o4000, t: 0 }, g: { s: 0o2000, t: 0 }, o: { s: 0, t: 0o1000 } } as const;

type Who = keyof typeof CLASS_MASK;

/**
 * The mode of a file: an octal string ('0644', '644'), a number written in octal (0o644), or a
 * symbolic mode ('u=rw,g=r,o=', 'g+w', 'a+X'). A three-digit decimal number that reads like an
 * octal mode (644, 755) is refused: it would set different bits than it seems to.
 * Gives the octal digits ('644'), or `sym:` and shell text that sets `n` from `m` (the current
 * mode), `d` (1 for a directory), `x` (1 when any execute bit is set) and `um` (the umask).
 */
export const modeSchema = z.union([z.string(), z.number()]).transform((mode, ctx) => {
  try {
    return typeof mode === 'number' ? numericMode(mode) : stringMode(mode);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

function numericMode(mode: number): string {
  if (!Number.isInteger(mode) || mode < 0 || mode > PERM_BITS) {
    throw new Error(`${mode} is not a file mode: write it in octal, as 0o644 or '0644'`);
  }
  // 755 (decimal) is 0o1363: sticky bit and odd permissions; nobody means that. Only three digits
  // tell: 0o1777 is 1023 and 0o4755 is 2541, whose decimal digits are octal digits too.
  if (mode > 0o777 && mode < 1000 && /^[0-7]+$/.test(String(mode))) {
    throw new Error(`${mode} is a decimal number (0o${mode.toString(8)}); did you mean 0o${mode} or '${mode}'?`);
  }
  return mode.toString(8);
}

function stringMode(mode: string): string {
  const octal = /^(?:0o)?([0-7]+)$/.exec(mode);
  if (octal) {
    const value = parseInt(octal[1]!, 8);
    if (value > PERM_BITS) throw new Error(`${mode}: only permission bits are allowed (at most 07777)`);
    return value.toString(8);
  }
  if (/^\d+$/.test(mode)) throw new Error(`"${mode}" is not an octal mode: the digits 8 and 9 do not exist in octal (like '0644')`);
  return `sym:${symbolicModeScript(mode)}`;
}

/** Shell arithmetic applying a symbolic mode the way Ansible's file modules do. */
export function symbolicModeScript(mode: string): string {
  const lines = ['n=$m'];
  for (const clause of mode.split(',')) {
    const m = CLAUSE.exec(clause);
    if (!m) throw new Error(`"${clause}" is not a symbolic mode (like u=rw,g=r,o= or a+X): mode must be in octal or symbolic form`);
    const users = m[1]!;
    if (/a./.test(users) || /.a/.test(users)) throw new Error(`bad symbolic permission for mode: ${clause}`);
    const useUmask = users === '';
    const who = (users === '' || users === 'a' ? 'ugo' : users).split('') as Who[];
    for (const [, operator, perms] of m[2]!.matchAll(/([-+=])([rwxXstugo]*)/g)) {
      for (const user of who) lines.push(apply(user, operator!, bitsFor(user, perms!, useUmask)));
    }
  }
  return lines.join('\n');
}

function apply(user: Who, operator: string, bits: string): string {
  if (operator === '=') return `n=$(( (n & ${CLASS_MASK[user] ^ PERM_BITS}) | ${bits} ))`;
  if (operator === '+') return `n=$(( n | ${bits} ))`;
  return `n=$(( n - (n & ${bits}) ))`;
}

/** The bits one class gets from a list of permission letters, as an arithmetic expression. */
function bitsFor(user: Who, perms: string, useUmask: boolean): string {
  const terms = ['0'];
  for (const p of perms) {
    if (p === 'r' || p === 'w' || p === 'x') {
      const bit = { r: 4, w: 2, x: 1 }[p] << SHIFT[user];
      terms.push(useUmask ? `(${bit} & (${PERM_BITS} ^ um))` : String(bit));
    } else if (p === 'X') terms.push(`((d | x) ? ${1 << SHIFT[user]} : 0)`);
    else if (p === 's' || p === 't') terms.push(String(SPECIAL[user][p]));
    else {
      // A copy of another class's permissions, as they were before this mode applied.
      const from = SHIFT[p as Who];
      const to = SHIFT[user];
      const read = `(m & ${0o7 << from})`;
      terms.push(from === to ? read : from > to ? `(${read} >> ${from - to})` : `(${read} << ${to - from})`);
    }
  }
  return `(${terms.join(' | ')})`;
}
