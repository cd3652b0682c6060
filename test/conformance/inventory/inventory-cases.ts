// Inventories in Ansible's documented forms, each compared with what ansible-core's
// ansible-inventory makes of it. `main` is the file given with -i; the rest sit beside it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every file of a directory of the repository, for a case made from an example on disk. */
function filesOf(dir: string, root = dir): Record<string, string> {
  return Object.assign({}, ...readdirSync(dir).map((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesOf(path, root) : { [relative(root, path)]: readFileSync(path, 'utf8') };
  }));
}

export interface InventoryCase {
  name: string;
  /** What -i names, relative to the files (a list: several -i; with commas: a host list). */
  main: string | string[];
  files: Record<string, string>;
  /** Environment of both sides (ANSIBLE_* variables), beyond HOME = the case's directory. */
  env?: Record<string, string>;
  /** Files written executable. */
  executable?: string[];
}

// Made with `ansible-vault encrypt --vault-password-file` (password: sesame).
const VAULT_FILE = `$ANSIBLE_VAULT;1.1;AES256
36633061386564393034373839363537353138373438303136306662326539373239386639303461
6161396533303964323065336236326332383366323239380a356331323965333339626334656431
65646638653064663633636436303238633635626134353930623166393436343739353961663161
6665366530383364630a633263636132633563626133653063396537366163383738336635616530
30653034363966336366656131316663313464313935356333333661376439623738383231383861
3438643161386631336530363232306466346334303638633434
`;
const INLINE_VAULT = `api_token: !vault |
          $ANSIBLE_VAULT;1.1;AES256
          61336536636135623262383230396364623237633864363834663166663639326231616332613665
          6437313432376637656639613834383961616262376561610a636538336236373436366164663033
          35333933616139373562346634376265313932366439326561376365366135343239386131373532
          3166386438303566630a613064343763346639333238616166653365363062666130393634646162
          3033`;

// YAML: `all` lists its children itself (in an order of its own), a group is a child of two
// parents, and a group sits beside `all` at the top of the file.
export const ALL_LISTS_ITS_CHILDREN = `all:
  hosts:
    bastion:
  children:
    web:
      hosts:
        www2:
        www1:
    prod:
      children:
        infra:
          children:
            dns:
              hosts:
                ns2:
                ns1:
        apps:
          children:
            web:
            db:
              hosts:
                db-b:
                db-a:
lonely_group:
  hosts:
    lonely.example.net:
`;

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
    name: 'group_vars NAME/ beside NAME.yml, and NAME.yml beside NAME.yaml and NAME.json: only the first is read',
    main: 'hosts.ini',
    files: {
      'hosts.ini': '[web]\nweb1\n[db]\ndb1\n[cache]\nredis1\n',
      'group_vars/web/10-base.yml': 'a: from-directory\n',
      'group_vars/web.yml': 'a: from-yml\nb: yml\n',
      'group_vars/db.yml': 'c: yml\n',
      'group_vars/db.yaml': 'c: yaml\nd: yaml\n',
      'group_vars/db.json': '{"e": "json"}\n',
      'group_vars/cache.yaml': 'f: yaml\n',
      'group_vars/cache.json': '{"f": "json", "g": "json"}\n',
      'host_vars/web1': 'h: extensionless\n',
      'host_vars/web1.yml': 'h: yml\ni: yml\n',
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
    name: 'YAML: all lists its children itself, one of them nested elsewhere too, and a group beside all',
    main: 'hosts.yaml',
    files: { 'hosts.yaml': ALL_LISTS_ITS_CHILDREN },
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
  {
    name: 'ansible.cfg: inventory, remote_user, private_key_file (relative to the file), host_key_checking',
    main: [],
    files: {
      'ansible.cfg': '[defaults]\ninventory = ./site/hosts.ini\nremote_user = deploy ; who we log in as\nprivate_key_file = keys/deploy_ed25519\nhost_key_checking = False\nforks = 20\nretry_files_enabled = False\n',
      'site/hosts.ini': '[web]\nwww1\nwww2 ansible_user=admin ansible_ssh_private_key_file=other/key\n',
      'site/group_vars/web.yml': 'tier: front\n',
    },
  },
  {
    name: 'ansible.cfg: [privilege_escalation] become and become_user, host vars beat them',
    main: 'hosts.ini',
    files: {
      'ansible.cfg': '[privilege_escalation]\nbecome = True\nbecome_user = operator\n',
      'hosts.ini': '[db]\ndb1\ndb2 ansible_become_user=postgres\ndb3 ansible_become=no\n',
    },
  },
  {
    name: 'ansible.cfg: [ssh_connection] ssh_args with ProxyJump, StrictHostKeyChecking and UserKnownHostsFile',
    main: 'hosts.yml',
    files: {
      'ansible.cfg': '[ssh_connection]\nssh_args = -C -o ControlMaster=auto -o ControlPersist=60s\n  -o ProxyJump=jump@bastion.example.net:2222 -o StrictHostKeyChecking=accept-new\n  -o UserKnownHostsFile=/etc/corectl-test/known_hosts\npipelining = True\n',
      'hosts.yml': 'all:\n  hosts:\n    app1:\n    app2: { ansible_port: 2201 }\n',
    },
  },
  {
    name: 'ANSIBLE_* variables beat ansible.cfg; ANSIBLE_CONFIG names the file',
    main: 'hosts.ini',
    env: { ANSIBLE_CONFIG: 'conf/site.cfg', ANSIBLE_REMOTE_USER: 'from-env', ANSIBLE_HOST_KEY_CHECKING: 'false' },
    files: {
      'conf/site.cfg': '[defaults]\nremote_user = from-file\nremote_port = 2022\n',
      'ansible.cfg': '[defaults]\nremote_user = not-this-one\n',
      'hosts.ini': 'h1\nh2 ansible_port=22\n',
    },
  },
  {
    name: 'an inventory directory: extensionless and YAML files read, .ini/.md/backups/hidden ignored, subdirectories read',
    main: 'inventory',
    files: {
      'inventory/hosts': '[web]\nwww1\n[web:vars]\nfrom_hosts=1\n',
      'inventory/db.yml': 'db:\n  hosts:\n    db1:\n',
      'inventory/old.ini': '[old]\nshould-not-appear\n',
      'inventory/README.md': '# notes\n',
      'inventory/hosts~': '[backup]\nnor-this\n',
      'inventory/.hidden': '[hidden]\nnor-that\n',
      'inventory/more/cache.yaml': 'cache:\n  hosts:\n    redis1:\n',
      'inventory/group_vars/web.yml': 'tier: front\n',
      'inventory/host_vars/db1/main.yml': 'role: primary\n',
    },
  },
  {
    name: 'ansible.cfg changes which files of an inventory directory are read',
    main: 'inventory',
    files: {
      'ansible.cfg': '[inventory]\nignore_extensions = .bak, .old\nignore_patterns = ^draft\n',
      'inventory/prod.ini': '[prod]\np1\n',
      'inventory/stage.old': '[stage]\ns1\n',
      'inventory/draft-hosts': '[draft]\nd1\n',
    },
  },
  {
    name: 'templates in connection vars, rendered with the host\'s vars',
    main: 'hosts.ini',
    files: {
      'hosts.ini': "[web]\nwww1 ansible_host='{{ inventory_hostname }}.lan'\nwww2 ansible_host='{{ addr }}' ansible_port='{{ base_port | int }}'\n[web:vars]\nansible_user='{{ deploy_user | default(\"core\") }}'\naddr=10.0.0.2\nbase_port=2202\n",
      'group_vars/all.yml': 'deploy_user: ops\n',
    },
  },
  {
    name: 'old ansible_ssh_* names, and both spellings set at different levels',
    main: 'hosts.ini',
    files: {
      'hosts.ini': '[web]\nwww1 ansible_ssh_host=10.0.0.1 ansible_ssh_port=2200 ansible_ssh_user=old\nwww2 ansible_user=host-level\n[web:vars]\nansible_ssh_user=group-level\n',
    },
  },
  {
    name: 'become and jump hosts in group and host vars',
    main: 'hosts.yml',
    files: {
      'hosts.yml': "all:\n  children:\n    behind:\n      hosts:\n        in1:\n        in2:\n          ansible_ssh_common_args: '-J other@bastion2'\n      vars:\n        ansible_ssh_common_args: '-o ProxyJump=core@bastion1:22'\n        ansible_become: yes\n    direct:\n      hosts:\n        out1: { ansible_become: true, ansible_become_user: www-data }\n",
    },
  },
  {
    name: 'a YAML host key with a port and ansible_port in its vars',
    main: 'hosts.yml',
    files: { 'hosts.yml': 'web:\n  hosts:\n    www1:2222:\n      ansible_port: 2200\n    www2:2223:\n  vars:\n    ansible_port: 2000\n' },
  },
  {
    name: 'Vault: a group_vars file encrypted whole and an inline !vault value, password file from ansible.cfg',
    main: 'hosts.ini',
    files: {
      'ansible.cfg': '[defaults]\nvault_password_file = ./vault-pass\n',
      'vault-pass': 'sesame\n',
      'hosts.ini': '[web]\nwww1\n',
      'group_vars/all.yml': VAULT_FILE,
      'group_vars/web.yml': INLINE_VAULT,
    },
  },
  {
    name: 'ansible_group_priority across depths and a host in many groups',
    main: 'hosts.ini',
    files: {
      'hosts.ini': '[a]\nh1\n[b]\nh1\n[c]\nh1\n[parent:children]\nc\n[a:vars]\nansible_group_priority=10\nansible_user=a\nx=a\n[b:vars]\nansible_user=b\nx=b\ny=b\n[c:vars]\ny=c\n[parent:vars]\ny=parent\nansible_port=2100\n',
    },
  },
  {
    name: 'group_vars for a child group given as a directory beside a YAML inventory, vars of every kind',
    main: 'inventory.yml',
    files: {
      'inventory.yml': 'all:\n  vars:\n    ntp: [a, b]\n  children:\n    coreos:\n      children:\n        dns:\n          hosts:\n            ns[1:3].example.net:\n',
      'group_vars/dns/10-zone.yml': 'zone: example.net\nserial: 2026113001\n',
      'group_vars/dns/20-override.yaml': 'zone: example.org\nttl: 3600\n',
      'group_vars/coreos': 'stream: stable\nansible_user: core\n',
      'host_vars/ns2.example.net.yml': 'ansible_host: 192.0.2.2\nttl: 60\n',
    },
  },
  {
    name: 'ranges with letters and steps, and hosts repeated across files',
    main: ['a.ini', 'b.yml'],
    files: {
      'a.ini': '[web]\nweb-[a:c].example.net\nnode[01:10:3]\n',
      'b.yml': 'web:\n  hosts:\n    web-a.example.net: { weight: 5 }\nother:\n  hosts:\n    node04:\n',
    },
  },
  {
    name: 'a host run on the controller (ansible_connection=local) beside SSH hosts',
    main: 'hosts.ini',
    files: { 'hosts.ini': '[build]\nbuilder ansible_connection=local ansible_user=ignored\n[web]\nwww1 ansible_connection=ssh\nwww2 ansible_connection=smart\n[all:vars]\nansible_port=2200\n' },
  },
  {
    name: 'the example Ansible site (playbooks/ansible-site): ansible.cfg, INI, group_vars with Vault',
    main: [],
    files: filesOf('playbooks/ansible-site'),
  },
  {
    name: 'an inventory given as a directory holding a JSON file, with ansible.cfg elsewhere',
    main: 'inv',
    env: { ANSIBLE_CONFIG: 'cfg' },
    files: {
      'cfg/ansible.cfg': '[defaults]\nremote_user = jsonuser\n',
      'inv/hosts.json': '{"all": {"children": {"web": {"hosts": {"www1": {"ansible_port": 2201}, "www2": {}}}}}}\n',
    },
  },
];

/** Inventories ansible-core refuses; corectl must refuse them too, naming the file and line. */
export const BROKEN_INVENTORY_CASES: (InventoryCase & { error: RegExp })[] = [
  { name: ':vars for a group never declared', main: 'hosts.ini', files: { 'hosts.ini': '[web]\nw1\n[wbe:vars]\nx=1\n' }, error: /hosts\.ini:3:1: \[wbe:vars\]: section for a group that is not declared/ },
  { name: 'an unclosed quote on a host line', main: 'hosts.ini', files: { 'hosts.ini': "[web]\nw1 a='x\n" }, error: /hosts\.ini:2:1: cannot read the host line: No closing quotation/ },
  { name: 'a host variable without =', main: 'hosts.ini', files: { 'hosts.ini': '[web]\nw1 flag\n' }, error: /hosts\.ini:2:4: expected key=value host variable assignment, got "flag"/ },
];
