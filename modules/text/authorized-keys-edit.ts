// What authorizedKeys does to an authorized_keys file: Ansible's authorized_key (ansible.posix),
// decision for decision. Keys are told apart by their base64 blob; one with other options or
// another comment is replaced (and moves to the end, as in Ansible); lines that are not keys
// (comments, blank lines) stay where they are. Pure: the file is read and written by the module.

const KEY_TYPES = new Set([
  'sk-ecdsa-sha2-nistp256@openssh.com', 'sk-ecdsa-sha2-nistp256-cert-v01@openssh.com', 'webauthn-sk-ecdsa-sha2-nistp256@openssh.com',
  'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp256-cert-v01@openssh.com', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp384-cert-v01@openssh.com',
  'ecdsa-sha2-nistp521', 'ecdsa-sha2-nistp521-cert-v01@openssh.com', 'sk-ssh-ed25519@openssh.com', 'sk-ssh-ed25519-cert-v01@openssh.com',
  'ssh-ed25519', 'ssh-ed25519-cert-v01@openssh.com', 'ssh-dss', 'ssh-rsa', 'ssh-xmss@openssh.com', 'ssh-xmss-cert-v01@openssh.com',
  'rsa-sha2-256', 'rsa-sha2-512', 'ssh-rsa-cert-v01@openssh.com', 'rsa-sha2-256-cert-v01@openssh.com', 'rsa-sha2-512-cert-v01@openssh.com',
  'ssh-dss-cert-v01@openssh.com',
]);

/** An option and its value (undefined for a flag), in order; the same option may come twice. */
type Options = [string, string | undefined][];

interface Entry {
  /** The key's blob, or the whole line for a line that is not a key. */
  id: string;
  type: string | 'skipped';
  options?: Options;
  comment?: string;
  rank: number;
}

/** Splits `no-pty,command="a,b"` at the commas outside quotes. */
export function parseKeyOptions(text: string | undefined): Options {
  if (!text) return [];
  const parts = text.match(/(?:[^,"']|"[^"]*"|'[^']*')+/g) ?? [];
  return parts.map((part): [string, string | undefined] => {
    const at = part.indexOf('=');
    return at < 0 ? [part, undefined] : [part.slice(0, at), part.slice(at + 1)];
  });
}

/** A key line: options, type, blob, comment; undefined when it holds no known key type. */
export function parseKeyLine(raw: string, rank: number): Entry | undefined {
  const line = raw.replaceAll('\\#', '#');
  const parts = line.split(/[ \t\r\n]+/).filter(Boolean);
  if (parts[0] === '#') return { id: line, type: 'skipped', rank };
  const at = parts.findIndex((part) => KEY_TYPES.has(part));
  if (at < 0 || at + 1 >= parts.length) return undefined;
  return { id: parts[at + 1]!, type: parts[at]!, options: parseKeyOptions(at > 0 ? parts.slice(0, at).join(' ') : undefined), comment: parts.slice(at + 2).join(' '), rank };
}

/** Options compare as Ansible's dict of lists does: by name, whatever their order; values in order. */
function sameOptions(a: Options, b: Options): boolean {
  const byName = (options: Options) => {
    const map = new Map<string, (string | undefined)[]>();
    for (const [name, value] of options) map.set(name, [...(map.get(name) ?? []), value]);
    return map;
  };
  const x = byName(a);
  const y = byName(b);
  return x.size === y.size && [...x].every(([name, values]) => JSON.stringify(values) === JSON.stringify(y.get(name)));
}

const same = (a: Entry, b: Entry) => a.type === b.type && sameOptions(a.options ?? [], b.options ?? []) && a.comment === b.comment;

export interface KeyEdit {
  keys: string[];
  present: boolean;
  exclusive: boolean;
  keyOptions?: string;
  comment?: string;
}

/** The file's new content, and whether it changed; throws on a key it cannot read. */
export function editAuthorizedKeys(content: string, o: KeyEdit): { content: string; changed: boolean } {
  // A plain object keyed by blob keeps insertion order, as Ansible's dict does.
  const existing = new Map<string, Entry>();
  content.split(/(?<=\n)/).filter((line) => line !== '').forEach((line, rank) => {
    const entry = parseKeyLine(line, rank) ?? { id: line, type: 'skipped', rank };
    existing.set(entry.id, entry);
  });
  const distinct = existing.size;
  const wanted: string[] = [];
  let changed = false;
  const newKeys = o.keys.flatMap((k) => k.split('\n')).filter((k) => k && !k.startsWith('#'));
  newKeys.forEach((raw, rank) => {
    let key = parseKeyLine(raw, rank);
    if (!key || key.type === 'skipped') throw new Error(`invalid key specified: ${raw}`);
    if (o.keyOptions !== undefined) key = { ...key, options: parseKeyOptions(o.keyOptions) };
    if (o.comment !== undefined) key = { ...key, comment: o.comment };
    const current = existing.get(key.id);
    const matched = current !== undefined && (same(current, key) || !o.present);
    if (o.present) {
      wanted.push(key.id);
      if (current && !matched) {
        existing.delete(key.id);
        changed = true;
      }
      if (!matched) {
        existing.set(key.id, { ...key, rank: distinct + key.rank });
        changed = true;
      }
    } else if (matched) {
      existing.delete(key.id);
      changed = true;
    }
  });
  if (o.present && o.exclusive) {
    for (const id of [...existing.keys()]) {
      if (!wanted.includes(id)) {
        existing.delete(id);
        changed = true;
      }
    }
  }
  return { content: changed ? serialize([...existing.values()]) : content, changed };
}

function serialize(entries: Entry[]): string {
  return [...entries]
    .sort((a, b) => a.rank - b.rank)
    .map((entry) => {
      if (entry.type === 'skipped') return entry.id;
      const options = entry.options && entry.options.length > 0 ? `${entry.options.map(([k, v]) => (v === undefined ? k : `${k}=${v}`)).join(',')} ` : '';
      return `${options}${entry.type} ${entry.id} ${entry.comment ?? ''}\n`;
    })
    .join('');
}
