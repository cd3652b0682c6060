// ansible.cfg files read by corectl and by Python's configparser set up as ansible-core sets it
// up: the same sections, keys and values, and an error for the same broken files.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { configEntry, parseConfigIni } from '../../../src/ansible-config/config-ini.ts';

const PYTHON = `
import configparser, json, sys
p = configparser.ConfigParser(inline_comment_prefixes=(';',))
try:
    p.read_string(sys.stdin.read())
except configparser.Error as e:
    print(json.dumps({"error": type(e).__name__})); sys.exit(0)
print(json.dumps({s: {k: p.get(s, k, raw=True) for k in p.options(s)} for s in p.sections()}))
`;

function python(text: string): unknown {
  return JSON.parse(execFileSync('python3', ['-c', PYTHON], { input: text, encoding: 'utf8' }));
}

function ours(text: string): unknown {
  try {
    const sections = parseConfigIni('ansible.cfg', text);
    const defaults = [...(sections.get('DEFAULT')?.keys() ?? [])];
    return Object.fromEntries([...sections.keys()].filter((s) => s !== 'DEFAULT').map((s) => {
      const keys = [...new Set([...sections.get(s)!.keys(), ...defaults])];
      return [s, Object.fromEntries(keys.map((k) => [k, configEntry(sections, s, k)!.value]))];
    }));
  } catch {
    return { error: 'refused' };
  }
}

const FILES = [
  '[defaults]\ninventory = ./hosts\nremote_user=core\n',
  '[defaults]\nRemote_User : admin ; a comment\nforks = 20;not a comment\n# whole line\n; whole line too\n',
  '[defaults]\nssh_args = -o ControlMaster=auto\n  -o ControlPersist=60s\n\n  -o ServerAliveInterval=30\nnext = 1\n',
  '[DEFAULT]\nremote_user = everywhere\n[defaults]\nforks = 5\n[privilege_escalation]\nbecome = True\n',
  "[defaults]\nremote_user = 'quoted'\nempty =\nurl = http://x:8080/a=b\n",
  '[ssh_connection]\npipelining=True\n[defaults]\n  indented_key = 1\n',
  'remote_user = before any section\n',
  '[defaults]\nforks = 5\nforks = 6\n',
  '[defaults]\n[defaults]\n',
  '[defaults]\njust a word\n',
];

describe('ansible.cfg as configparser reads it', () => {
  it.each(FILES.map((f) => [JSON.stringify(f).slice(0, 60), f]))('%s', (_name, text) => {
    const expected = python(text) as { error?: string };
    if (expected.error) expect(ours(text)).toEqual({ error: 'refused' });
    else expect(ours(text)).toEqual(expected);
  });
});
