// What `corectl COMMAND --help` prints: each command's usage and every option it takes. A unit
// test holds these texts to the commands' option specs, so an option cannot go undocumented.

const CONNECTION = `Inventory and connection:
  -i, --inventory PATH       inventory file or directory, or a host list "a,b:2222,"; several are merged
                             (default: $CORECTL_INVENTORY, ansible.cfg's inventory, ./inventory)
  -l, --limit PATTERN        only these hosts
  -f, --forks N              hosts worked on at once (50, or ansible.cfg's forks)
  -b, --become               run through sudo
      --host-key-check MODE  strict (default) | accept-new | off
      --known-hosts FILE     known_hosts to check host keys against
      --connect-timeout S    TCP connect, SSH handshake and login (10)
      --reconnect-timeout S  how long a dropped host is retried before it counts as unreachable (120)
      --timeout S            per command
      --require-post-quantum offer only the post-quantum key exchange (mlkem768x25519-sha256);
                             a host without it is unreachable
      --no-wait              give up a host another corectl run holds (default: wait for it)
  -v, --verbose              say which ansible.cfg settings were used and each connection's key
                             exchange; with run/check, task output
Ansible Vault:
      --vault-password-file FILE   (several allowed; an executable file is run)
      --vault-id [LABEL@]FILE|prompt
      --ask-vault-pass`;

const EXIT_CODES = `Exit codes: 0 ok, 1 internal error, 2 a task failed, 3 a host unreachable, 4 usage error,
  5 drift (check), 129/130/143 stopped by SIGHUP/Ctrl-C/SIGTERM`;

const RUN_OPTIONS = `Run options:
  -C, --check                change nothing, say what would change
  -D, --diff                 show what changes (or would) as diffs
  -t, --tags T[,T]           only tasks with these tags
      --skip-tags T[,T]      not tasks with these tags
      --force-handlers       run notified handlers even after a failure
      --stop-grace S         how long running tasks get after Ctrl-C/SIGTERM/SIGHUP (30)
      --report json=PATH|junit=PATH   write a report (several allowed)
      --notify-webhook URL   post a drift summary (check)
      --plain                one line per event instead of the live view (also without a terminal, or CI=true)
      --no-typecheck         skip the playbook's type check
      --runs-dir DIR         keep this run's JSON report in DIR as ID.json (default $CORECTL_RUNS_DIR);
                             corectl runs lists them
      --keep-runs N          how many kept runs stay in --runs-dir; older ones are removed (30)
      --shard I/N            only the I-th of N slices of the hosts (0 <= I < N, by host name);
                             corectl report merge puts the slices' reports together
  -e, --extra-vars K=V|@FILE|JSON   vars above every other (several allowed), as Ansible's -e
      --start-at-task NAME   begin at the first task of that name (earlier plays and tasks left out)
      --list-hosts           list each play's hosts (with --limit), connect to none
      --list-tasks           list each play's tasks (with --tags, --skip-tags), run none`;

export const COMMAND_HELP: Record<string, string> = {
  run: `usage: corectl run PLAYBOOK.ts [options]
Converges the hosts of the playbook's plays.

${RUN_OPTIONS}

${CONNECTION}

${EXIT_CODES}
`,
  check: `usage: corectl check PLAYBOOK.ts [options]
The drift check: the playbook in check mode with diffs. Changes nothing; exits 5 when a host drifted.

${RUN_OPTIONS}

${CONNECTION}

${EXIT_CODES}
`,
  exec: `usage: corectl exec PATTERN [options] -- COMMAND
Runs a shell command on every matched host, output prefixed by host, then a summary.

${CONNECTION}

${EXIT_CODES}
`,
  facts: `usage: corectl facts PATTERN [options]
Prints every matched host's facts as JSON.

${CONNECTION}
`,
  inventory: `usage: corectl inventory [options] --list | --graph [GROUP] | --host NAME | --list-hosts PATTERN
Shows the inventory as corectl reads it, in ansible-inventory's shapes.
      --list                 every group and host's vars, as ansible-inventory --list
      --graph [GROUP]        the group tree
      --host NAME            one host's merged vars
      --list-hosts PATTERN   the hosts a pattern selects, in its order
  -i, --inventory PATH       (several allowed)
  -l, --limit PATTERN        with --list-hosts
  -v, --verbose              say which ansible.cfg settings were used
      --vault-password-file FILE, --vault-id [LABEL@]FILE|prompt, --ask-vault-pass
`,
  secrets: `usage: corectl secrets encrypt FILE [-o OUT] [-r RECIPIENT]... [-R RECIPIENTS_FILE]...
       corectl secrets decrypt FILE [-o OUT] [-i IDENTITY_FILE]...
       corectl secrets edit FILE [-r RECIPIENT]... [-R RECIPIENTS_FILE]... [-i IDENTITY_FILE]...
       corectl secrets keygen [-o FILE]
       corectl secrets encrypt FILE --vault-password-file F | --vault-id LABEL@F   (Ansible Vault)
       corectl secrets encrypt-string NAME --vault-password-file F | --vault-id LABEL@F   (value on stdin)
       corectl secrets decrypt FILE --vault-password-file F | --vault-id LABEL@F
  -o, --output FILE          write here (encrypt: in place by default; decrypt: stdout)
  -r, --recipient AGE_KEY    encrypt to this age public key
  -R, --recipients-file FILE encrypt to the keys in this file (default: the nearest .age-recipients;
                             with none, a passphrase is used)
  -i, --identity FILE        age identity to decrypt with
      --vault-password-file FILE, --vault-id [LABEL@]FILE, --ask-vault-pass   Ansible Vault instead of age
`,
  ca: `usage: corectl ca init NAME [--key ec-p256|ec-p384|rsa-2048|rsa-3072|rsa-4096] [--days N] [--cn CN] [--org O]
                       [--path-length N] [--permit-dns D]... [--permit-ip CIDR]... [--parent CA]
       corectl ca list [--issued] [--expiring DAYS] [--all]
       corectl ca show NAME
      --dir DIR              where the CAs live (default: $CORECTL_PKI_DIR or ./pki)
`,
  report: `usage: corectl report merge SLICE.json... [options]
Puts the JSON reports of a run's slices (run/check --shard I/N) together as one run: every host
once, one exit code (the worst a slice had). Refused unless the files are exactly slices 0..N-1 of
one run. Prints one line; exits with the merged run's exit code.
      --report json=PATH|junit=PATH   write the merged report (several allowed)
      --notify-webhook URL   post the merged run's summary when it did not end cleanly
      --wait S               wait up to S seconds for every named report to be written
      --runs-dir DIR         keep the merged report there, as run/check do (default $CORECTL_RUNS_DIR)
      --keep-runs N          how many kept runs stay in --runs-dir (30)

${EXIT_CODES}
`,
  runs: `usage: corectl runs [--runs-dir DIR]
       corectl runs show ID|latest [--runs-dir DIR] [--json]
Lists the runs kept by run/check --runs-dir (when, playbook, exit code, which hosts drifted, failed
or were unreachable), or prints one: its recap and every task that changed or failed, with diffs.
      --runs-dir DIR         where the runs are kept (default $CORECTL_RUNS_DIR)
      --json                 with show: the run's JSON report as kept
`,
  init: `usage: corectl init DIR [--ansible ANSIBLE_SITE_DIR]
Starts a site repository in DIR (new or empty): package.json with corectl as a dependency, a strict
tsconfig.json, playbooks/site.ts, and an inventory: a sample, or with --ansible the ansible.cfg,
inventory, group_vars and host_vars of an existing Ansible site, brought in unchanged.
      --ansible DIR          the Ansible site (the directory holding ansible.cfg, or its inventory)
`,
  ignition: `usage: corectl ignition PLAYBOOK.ts --out DIR [options]
       corectl ignition serve DIR --listen [ADDRESS:]PORT
Writes each host's first-boot Ignition config (DIR/HOST.ign, 0600) from the playbook's firstBoot
plays and tasks and the inventory: the login user with its public key and sudo, the host name,
static network (corectl_network), then every task as its module renders it. What Ignition cannot
do is listed per host as left to the first corectl run. Contacts no host.
      --out DIR              where the configs go
      --spec VERSION         Ignition spec: 3.3.0 (default), 3.4.0 or 3.5.0
      --butane FILE          a Butane config (variant fcos 1.5.0/1.6.0) merged under every host's
                             config (several allowed; a play's butane option adds its own)
      --host-keys KNOWN_HOSTS   make each host's SSH host key (ed25519), put it in its config and
                             record it in this known_hosts file, so the first connection is
                             checked strictly (the file's old lines for those hosts are replaced)
      --no-typecheck         skip the playbook's type check
serve: serves DIR's configs over HTTP, each at its own unguessable URL (printed), for
coreos-installer --ignition-url or ignition.config.url; one log line per fetch.
      --listen [ADDRESS:]PORT   where to listen (all addresses when only a port is given)

${CONNECTION}
`,
  completion: `usage: corectl completion bash|zsh
Prints a shell completion script: commands, their options, playbook and inventory paths.
  bash: corectl completion bash > /etc/bash_completion.d/corectl   (or: source <(corectl completion bash))
  zsh:  corectl completion zsh > "\${fpath[1]}/_corectl"            (or: source <(corectl completion zsh))
`,
};
