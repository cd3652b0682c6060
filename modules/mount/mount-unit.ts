// A mount as systemd keeps it: the unit's name (systemd-escape --path), and the unit file that
// systemd's fstab generator would make of the same fstab line.

/** The unit name systemd requires for a mount at `path`, as `systemd-escape --path --suffix=mount` makes it. */
export function mountUnitName(path: string): string {
  const trimmed = path.replace(/\/+/g, '/').replace(/^\/|\/$/g, '');
  if (trimmed === '') return '-.mount';
  let name = '';
  for (const [index, byte] of Buffer.from(trimmed, 'utf8').entries()) {
    const char = String.fromCharCode(byte);
    if (char === '/') name += '-';
    else if (/[A-Za-z0-9:_]/.test(char) || (char === '.' && index > 0)) name += char;
    else name += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `${name}.mount`;
}

export interface MountSpec {
  path: string;
  src: string;
  fstype: string;
  opts: string;
}

/** `%` starts a specifier in these settings: written as `%%` it is itself. */
const unitValue = (value: string) => value.replaceAll('%', '%%');

/**
 * The unit file. As the fstab generator does for a line: required by local-fs.target, unless the
 * options say nofail (then only wanted, so a missing disk does not stop the boot).
 */
export function mountUnitContent(spec: MountSpec): string {
  const nofail = spec.opts.split(',').includes('nofail');
  return [
    '# Written by corectl (mount).',
    '[Unit]',
    `Description=${unitValue(spec.path)}`,
    '',
    '[Mount]',
    `What=${unitValue(spec.src)}`,
    `Where=${unitValue(spec.path)}`,
    `Type=${spec.fstype}`,
    `Options=${unitValue(spec.opts)}`,
    '',
    '[Install]',
    `${nofail ? 'WantedBy' : 'RequiredBy'}=local-fs.target`,
    '',
  ].join('\n');
}
