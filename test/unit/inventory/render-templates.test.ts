// Inventory templates rendered by corectl and by ansible-core's own Templar (Debian's
// ansible-core, run with /usr/bin/python3): the same values of the same types, or a refusal.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { renderValue, renderVars } from '../../../src/inventory/render-templates.ts';

const VARS = {
  port: 2222, name: 'Web', d: { a: { b: 'x' } }, l: [1, 'two'], ref: '{{ name }}-x', chain: '{{ ref }}!', flag: true,
  s: ' pad ', text_true: 'True', text_list: "[1, 'a']", empty: '', zero: 0, quote: "it's", lq: ["it's", 'a"b', 'back\\slash'],
};
const HOST = 'web1.example.net';

const RENDERED = [
  '{{ port }}', 'p{{ port }}', '{{ d.a.b }}', "{{ d['a']['b'] }}", '{{ l[1] }}', '{{ l[0] }}', '{{ ref }}', '{{ chain }}',
  "{{ nope | default('z') }}", '{{ nope | default(port) }}', "{{ empty | default('e', true) }}", "{{ empty | default('e') }}",
  '{{ name | lower }}', '{{ name | upper }}', '{{ s | trim }}', '{{ flag }}', 'x{{ flag }}', '{{ l }}', '{{ d }}', 'list: {{ l }}',
  "{{ '5' | int }}", '{{ port | string }}', ' {{ port }} ', "{{ 'a' }}{{ 'b' }}", '{{ text_true }}', '{{ text_list }}',
  '{{ inventory_hostname }}', '{{ inventory_hostname_short }}.lan', '{{inventory_hostname}}', '{{ zero }}', '{{ quote }} {{ [quote] }}',
  '{{ d.a }}', 'plain text', '{{ port }}{{ port }}', '{{ lq }}', 'x {{ lq }}',
];

function ansible(templates: string[]): unknown[] {
  const script = `
import json, sys
from ansible.template import Templar
from ansible.parsing.dataloader import DataLoader
data = json.load(sys.stdin)
t = Templar(loader=DataLoader(), variables=dict(data['vars'], inventory_hostname=data['host'], inventory_hostname_short=data['host'].split('.')[0]))
print(json.dumps([t.template(x) for x in data['templates']]))
`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify({ vars: VARS, host: HOST, templates }), encoding: 'utf8' })) as unknown[];
}

describe('inventory templates as ansible-core renders them', () => {
  const expected = ansible(RENDERED.filter((t) => !t.includes('[quote]')));
  it.each(RENDERED.filter((t) => !t.includes('[quote]')).map((t, i) => [t, expected[i]]))('%s', (template, value) => {
    expect(renderValue(template, VARS, HOST)).toEqual(value);
  });

  it.each([
    ["{{ lookup('env', 'HOME') }}", /"lookup\('env', 'HOME'\)" is beyond what corectl renders/],
    ['{{ undefined_var }}', /"undefined_var" is undefined for this host/],
    ['{% if flag %}x{% endif %}', /Jinja statements and comments .* are not rendered/],
    ['{{ name | regex_replace("a", "b") }}', /the filter "regex_replace" is not rendered by corectl/],
    ['{{ port', /a \{\{ without its \}\}/],
  ])('refuses %s', (template, message) => {
    expect(() => renderValue(template, VARS, HOST)).toThrow(message);
  });

  it('names the var and where it was written when a var cannot be rendered', () => {
    const at = { file: 'group_vars/web.yml', line: 4, column: 3 };
    expect(() => renderVars({ name: 'n', ok: '{{ name }}', bad: '{{ missing }}' }, HOST, { bad: at })).toThrow(/group_vars\/web\.yml:4:3: bad: "\{\{ missing \}\}": "missing" is undefined/);
    expect(() => renderVars({ a: '{{ b }}', b: '{{ a }}' }, HOST, {})).toThrow(/refers to itself: a -> b -> a/);
  });

  it("takes corectl's own format as written: it has no templates, so braces there are meant", () => {
    const vars = { format: "{{ .Names }}", ref: '{{ format }}' };
    expect(renderVars(vars, HOST, {}, new Set(['format']))).toEqual({ format: '{{ .Names }}', ref: '{{ .Names }}' });
  });
});
