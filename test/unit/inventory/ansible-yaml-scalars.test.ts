// Plain scalars in Ansible's YAML files are read as PyYAML (YAML 1.1) reads them; every case is
// compared with the PyYAML that ansible-core runs on (python3-yaml).
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { parse } from 'yaml';
import { expect, it } from 'vitest';
import { ansibleYamlOptions } from '../../../src/inventory/ansible-yaml-scalars.ts';

const ANSIBLE_YAML = ansibleYamlOptions({ secrets: [], file: 'test.yml' });

const ORACLE = `
import json, math, sys, yaml
out = []
for text in json.load(sys.stdin):
    try: v = yaml.safe_load('k: ' + text)['k']
    except Exception: out.append({'error': True}); continue
    if isinstance(v, float) and (math.isinf(v) or math.isnan(v)): v = repr(v)
    elif not isinstance(v, (str, int, float, bool, type(None))): v = {'other': type(v).__name__}
    out.append({'value': v})
print(json.dumps(out))
`;

const WRITTEN = ['yes', 'no', 'Yes', 'NO', 'on', 'Off', 'y', 'n', 'Y', 'true', 'True', 'TRUE', 'tRUE', '0755', '0o17', '0x1F', '1_000', '1e3', '1.0e3', '1.0e+3',
  '1.5', '.5', '1:30', '-1:30', '1:30.5', '~', 'null', 'Null', '', '0b101', '+12', '-0', '012345678', '0.', '1__0', '08', '1,000', '-.inf', '.nan', '0_', '-0_7', '1:60', '190:20:30'];

function ours(texts: string[]) {
  return texts.map((text) => {
    let v: unknown;
    try {
      v = (parse(`k: ${text}`, ANSIBLE_YAML) as { k: unknown }).k;
    } catch {
      return { error: true };
    }
    if (typeof v === 'number' && !Number.isFinite(v)) v = Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
    return { value: v };
  });
}

it('reads plain scalars exactly as PyYAML does (written and generated)', () => {
  const piece = fc.constantFrom('0', '1', '7', '9', '_', ':', '.', 'e', 'E', '+', '-', 'x', 'b', 'o', 'yes', 'on', 'inf', 'nan', 'a');
  const generated = fc.sample(fc.array(piece, { minLength: 1, maxLength: 6 }).map((p) => p.join('')), { numRuns: 2000, seed: 18 });
  const texts = [...WRITTEN, ...generated].filter((t) => !/^[-:?,[\]{}#&*!|>'"%@`]|: | #/.test(t) || t.startsWith('-') && !/^-( |$)/.test(t));
  const expected = JSON.parse(execFileSync('/usr/bin/python3', ['-c', ORACLE], { input: JSON.stringify(texts), encoding: 'utf8' })) as unknown[];
  const got = ours(texts);
  const mismatches = texts.map((t, i) => [t, got[i], expected[i]]).filter(([, a, b]) => JSON.stringify(a) !== JSON.stringify(b));
  expect(mismatches.slice(0, 10)).toEqual([]);
});
