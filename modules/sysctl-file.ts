// The sysctl file a sysctl task keeps its setting in. corectl's own default is one file per key
// (`/etc/sysctl.d/90-corectl-NAME.conf`, so two tasks never fight over a shared file); with
// `file`, the key's line in a shared file, rewritten the way Ansible's sysctl module rewrites it
// (every setting line trimmed to `key=value`, the key's last line kept, others dropped).

/** Ansible's booleans, which its sysctl module writes as 1 and 0. */
const TRUE = new Set(['y', 'yes', 'on', '1', 'true', 't']);
const FALSE = new Set(['n', 'no', 'off', '0', 'false', 'f']);

/**
 * A value as Ansible normalizes it: booleans to 1/0, text trimmed. The spaces and tabs between a
 * multi-value setting's fields stay as written: Ansible writes them so to the file (and compares
 * the kernel's value field by field).
 */
export function sysctlValue(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  const text = String(value).trim();
  if (TRUE.has(text.toLowerCase())) return '1';
  if (FALSE.has(text.toLowerCase())) return '0';
  return text;
}

/** A value's fields joined by one space: how the kernel's value and a wanted one are compared and shown. */
export const fieldsOf = (text: string) => text.trim().split(/\s+/).filter(Boolean).join(' ');

export const defaultSysctlFile = (name: string) => `/etc/sysctl.d/90-corectl-${name.replaceAll('/', '.')}.conf`;

/** The value a sysctl file gives the key (its last line for the key), if any. */
export function valueInFile(content: string, name: string): string | undefined {
  let value: string | undefined;
  for (const raw of content.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';') || !line.includes('=')) continue;
    const at = line.indexOf('=');
    if (line.slice(0, at).trim() === name) value = line.slice(at + 1).trim();
  }
  return value;
}

/**
 * The file's new content: for the per-key file, `name = value` (or nothing: the file goes); for
 * a shared file, Ansible's rewrite, in which the key's line is replaced in place or added last.
 */
export function sysctlFileContent(content: string | undefined, name: string, value: string | undefined, shared: boolean): string | undefined {
  if (!shared) return value === undefined ? undefined : `${name} = ${value}\n`;
  const seen = new Set<string>();
  const out: string[] = [];
  const lines = !content ? [] : content.split('\n').slice(0, content.endsWith('\n') ? -1 : undefined);
  for (const raw of lines) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';') || !line.includes('=')) {
      out.push(line);
      continue;
    }
    const at = line.indexOf('=');
    const key = line.slice(0, at).trim();
    if (seen.has(key)) continue;
    seen.add(key);
    if (key !== name) out.push(`${key}=${line.slice(at + 1).trim()}`);
    else if (value !== undefined) out.push(`${key}=${value}`);
  }
  if (!seen.has(name) && value !== undefined) out.push(`${name}=${value}`);
  return out.map((line) => `${line}\n`).join('');
}
