// Inventories in Ansible's documented forms, each compared with what ansible-core's
// ansible-inventory makes of it. `main` is the file given with -i; the rest sit beside it.
export interface InventoryCase {
  name: string;
  /** What -i names, relative to the files (a list: several -i; with commas: a host list). */
  main: string | string[];
  files: Record<string, string>;
}

export const INVENTORY_CASES: InventoryCase[] = [
  {
    name: 'INI host-line values are Python literals, after shlex',
    main: 'hosts.ini',
    files: {
      'hosts.ini': `web1 a=22 b='22' c="'22'" d=True e=true f="[1, 'a']" g="{'k': 'v'}" h=0x1F i=1e3 j=0755 k=a#b l="(1, 2)" m="x y" n=None o=-7 p=1_000 q="'it''s'"
web2:2222 ansible_user=core
[web]
web1
web2
`,
    },
  },
  {
    name: 'INI [group:vars] values are Python literals too',
    main: 'hosts.ini',
    files: {
      'hosts.ini': `[web]
web1
[web:vars]
p=22
q=yes
r=[1, 2]
s = spaced value
t=1 # a comment Python ignores
u='quoted'
v="double"
w={"a": [True, None]}
x=0755
y=1.5
z=
`,
    },
  },
  {
    name: 'YAML inventory and group_vars read as YAML 1.1',
    main: 'hosts.yml',
    files: {
      'hosts.yml': `all:
  children:
    dns:
      hosts:
        ns1:
          enabled: yes
          mode: 0755
          window: 1:30
          exp: 1e3
          flag: y
        ns2: {}
      vars:
        zone: example.net
`,
      'group_vars/dns.yml': 'forward: on\nlimit: 0x10\nratio: 1.5\nlist: [yes, no, maybe]\n',
      'host_vars/ns2.yml': 'enabled: off\n',
    },
  },
  {
    name: 'precedence: group_vars files beat inventory group vars; same depth by name; ansible_group_priority',
    main: 'hosts.ini',
    files: {
      'hosts.ini': `[a]
h1
h2
[b]
h1
h2
[B]
h2
[a:vars]
ansible_user=from_a_ini
port=1
[b:vars]
ansible_user=from_b_ini
[B:vars]
who=B
[b:vars]
ansible_group_priority=0
[all:vars]
ansible_user=from_all_ini
level=all
`,
      'group_vars/all.yml': 'ansible_user: from_all_file\nlevel: all_file\n',
      'group_vars/a.yml': 'port: 2\nansible_group_priority: 5\n',
      'group_vars/b.yml': 'who: b\n',
    },
  },
  {
    name: 'precedence: parents before children, host vars last',
    main: 'hosts.ini',
    files: {
      'hosts.ini': `[leaf]
h1 x=host
h2
[mid:children]
leaf
[top:children]
mid
[top:vars]
x=top
y=top
[mid:vars]
x=mid
[leaf:vars]
y=leaf
`,
      'host_vars/h2.yml': 'x: host_file\n',
      'group_vars/top.yml': 'y: top_file\n',
    },
  },
  {
    name: 'group_vars and host_vars as directories: which files are read, in which order',
    main: 'hosts.ini',
    files: {
      'hosts.ini': '[web]\nweb1\nweb2\n',
      'group_vars/web/10-base.yml': 'a: base\nb: base\nc: base\n',
      'group_vars/web/20-more': 'b: extensionless\n',
      'group_vars/web/sub/30-deep.yaml': 'c: subdirectory\n',
      'group_vars/web/.hidden.yml': 'a: hidden\n',
      'group_vars/web/notes.txt': 'a: text file\n',
      'group_vars/web/40-last.json': '{"d": "json"}\n',
      'host_vars/web1': 'e: host file without extension\n',
      'host_vars/web2.json': '{"e": "json host file"}\n',
    },
  },
  {
    name: 'INI ungrouped hosts, ranges, children and vars on every level',
    main: 'inventory.ini',
    files: {
      'inventory.ini': `lonely ansible_host=10.0.0.9
[db]
db[01:03].example.net role=db
db-[a:c] role=letters
[app]
app1 ansible_port=2200
[prod:children]
db
app
[prod:vars]
env=prod
replicas=3
[all:vars]
env=unset
`,
    },
  },
  {
    name: 'YAML inventory with nested children and vars at every level',
    main: 'hosts.yaml',
    files: {
      'hosts.yaml': `all:
  vars:
    level: all
    shared: [1, 2]
  hosts:
    solo:
      level: host
  children:
    prod:
      vars:
        level: prod
      children:
        dns:
          hosts:
            ns1: { ansible_host: 192.0.2.1, serial: 0x0A }
            ns2:
          vars:
            level: dns
        web:
          hosts:
            www[1:2]:
              level: web-host
`,
    },
  },
  {
    name: 'a YAML inventory in a file named hosts (no extension) is YAML',
    main: 'hosts',
    files: { hosts: 'all:\n  children:\n    web:\n      hosts:\n        www1:\n        www2: { ansible_port: 2222 }\n' },
  },
  {
    name: 'an INI inventory in a file named hosts is INI',
    main: 'hosts',
    files: { hosts: 'www1\nwww2 ansible_port=2222\n[web]\nwww1\n' },
  },
  {
    name: 'a JSON inventory file',
    main: 'inventory.json',
    files: { 'inventory.json': '{"web": {"hosts": {"www1": {"port": 8080}, "www2": null}, "vars": {"tier": "front"}}}\n' },
  },
  {
    name: 'a host list given with -i',
    main: 'www1,www2:2222,[2001:db8::5]:22,',
    files: {},
  },
  {
    name: 'several -i, merged',
    main: ['one.ini', 'two.yml'],
    files: {
      'one.ini': '[web]\nwww1 a=1\n[web:vars]\nb=one\n',
      'two.yml': 'web:\n  hosts:\n    www1: { c: 3 }\n    www2:\n  vars:\n    b: two\n',
    },
  },
  {
    name: 'IPv6 hosts in INI, with and without a port',
    main: 'hosts.ini',
    files: { 'hosts.ini': '[web]\n[2001:db8::11]:2222 a=1\n2001:db8::12\n' },
  },
  {
    name: 'host:port as a YAML host key',
    main: 'hosts.yml',
    files: { 'hosts.yml': 'web:\n  hosts:\n    www1:2222:\n    www2:2200: { a: 1 }\n    "[2001:db8::7]:2201":\n' },
  },
];

/** Inventories ansible-core refuses; corectl must refuse them too, naming the file and line. */
export const BROKEN_INVENTORY_CASES: (InventoryCase & { error: RegExp })[] = [
  { name: ':vars for a group never declared', main: 'hosts.ini', files: { 'hosts.ini': '[web]\nw1\n[wbe:vars]\nx=1\n' }, error: /hosts\.ini:3:1: \[wbe:vars\]: section for a group that is not declared/ },
  { name: 'an unclosed quote on a host line', main: 'hosts.ini', files: { 'hosts.ini': "[web]\nw1 a='x\n" }, error: /hosts\.ini:2:1: cannot read the host line: No closing quotation/ },
  { name: 'a host variable without =', main: 'hosts.ini', files: { 'hosts.ini': '[web]\nw1 flag\n' }, error: /hosts\.ini:2:4: expected key=value host variable assignment, got "flag"/ },
];
