// ssh_config cases: each a config (and the files it includes), and the host names to resolve with
// it. The oracle is `ssh -G -F CONFIG HOST`, the real client's resolved config. DIR in a text
// stands for the case's own directory; SSHDIR for a directory of the case's under ~/.ssh (for
// Include paths relative to ~/.ssh, as ssh reads them in a user's config).
export interface SshConfigCase {
  id: string;
  config: string;
  /** Other files of the case, by name under DIR (or `~/` for SSHDIR). */
  files?: Record<string, string>;
  hosts: string[];
  /** ssh refuses the config (exit 255): corectl must refuse it too, naming file and line. */
  refused?: boolean;
}

export const sshConfigCases: SshConfigCase[] = [
  // Host blocks: the first value wins, IdentityFile accumulates, patterns and negation.
  { id: 'host-basic', config: 'Host web\n  HostName 203.0.113.7\n  User ops\n  Port 2222\n  IdentityFile /keys/ops\n', hosts: ['web', 'other'] },
  { id: 'host-first-wins', config: 'Host a\n  Port 5\n  Port 6\n  User one\nHost *\n  User two\n  Port 7\n', hosts: ['a', 'b'] },
  { id: 'host-identity-accumulates', config: 'Host a\n  IdentityFile /k1\nHost *\n  IdentityFile /k2\n  IdentityFile /k1\n', hosts: ['a', 'b'] },
  { id: 'host-wildcards', config: 'Host *.internal\n  User core\nHost db?\n  Port 5432\nHost *\n  User fallback\n', hosts: ['ns1.internal', 'db1', 'db10', 'internal'] },
  { id: 'host-negation', config: 'Host *.a !b.a\n  Port 9\n', hosts: ['b.a', 'c.a', 'a'] },
  { id: 'host-negation-only', config: 'Host !a\n  Port 9\n', hosts: ['a', 'b'] },
  { id: 'host-several-patterns', config: 'Host a b c\n  User abc\n', hosts: ['a', 'c', 'd'] },
  { id: 'host-comma-is-literal', config: 'Host a,b\n  Port 1\n', hosts: ['a', 'a,b'] },
  { id: 'host-case', config: 'Host Web1\n  Port 1\nhost web1\n  port 2\n', hosts: ['web1', 'WEB1'] },
  { id: 'host-equals-syntax', config: 'Host=a\n  Port=7\n  User = eq\n', hosts: ['a'] },
  { id: 'host-quoted', config: 'Host "a b"\n  Port 5\nHost a\n  User "x y"\n  IdentityFile "/keys/with space"\n', hosts: ['a'] },
  { id: 'host-comments-blank', config: '# top\n\nHost a # not a comment in ssh\n  Port 3\n', hosts: ['a'] },
  { id: 'options-before-host', config: 'User early\nHost a\n  User late\n', hosts: ['a'] },
  { id: 'hostname-token', config: 'Host *\n  HostName %h.example.net\n', hosts: ['web1', 'WEB2'] },
  { id: 'hostname-lowercased', config: 'Host a\n  HostName FOO.Example\n', hosts: ['a'] },
  { id: 'identity-tokens', config: 'Host *\n  User ops\n  IdentityFile ~/.ssh/%r@%h\n  IdentityFile %d/keys/%n-%p\n', hosts: ['web1'] },
  // ProxyJump, StrictHostKeyChecking and UserKnownHostsFile.
  { id: 'proxyjump-chain', config: 'Host a\n  ProxyJump u@j1:2200,j2\n', hosts: ['a', 'b'] },
  { id: 'proxyjump-none-first', config: 'Host bastion\n  ProxyJump none\nHost *\n  ProxyJump bastion\n', hosts: ['bastion', 'web'] },
  { id: 'strict-values', config: 'Host a\n  StrictHostKeyChecking yes\nHost b\n  StrictHostKeyChecking no\nHost c\n  StrictHostKeyChecking accept-new\nHost d\n  StrictHostKeyChecking off\nHost e\n  StrictHostKeyChecking ask\n', hosts: ['a', 'b', 'c', 'd', 'e', 'f'] },
  { id: 'known-hosts-files', config: 'Host a\n  UserKnownHostsFile ~/kh1 /tmp/kh-%h %d/kh3\nHost b\n  UserKnownHostsFile none\n', hosts: ['a', 'b', 'c'] },
  // Match: host (HostName as found so far), originalhost, user, localuser, all, negation, exec.
  { id: 'match-host-original', config: 'Match host web1\n  Port 1\n', hosts: ['web1', 'WEB1', 'web2'] },
  { id: 'match-host-after-hostname', config: 'Host a\n  HostName b.example\nMatch host b.example\n  Port 5\n', hosts: ['a', 'b.example'] },
  { id: 'match-host-before-hostname', config: 'Match host b.example\n  Port 5\nHost a\n  HostName b.example\n', hosts: ['a'] },
  { id: 'match-host-hostname-token', config: 'Host *\n  HostName %h.lan\nMatch host *.lan\n  User lan\n', hosts: ['a'] },
  { id: 'match-originalhost', config: 'Host a\n  HostName b\nMatch originalhost a\n  User orig\nMatch host a\n  Port 9\n', hosts: ['a', 'b'] },
  { id: 'match-pattern-list', config: 'Match host a,b,!c*\n  Port 2\n', hosts: ['a', 'b', 'c', 'cd'] },
  { id: 'match-several-criteria', config: 'Match host a originalhost a\n  Port 2\nMatch host b !originalhost b\n  Port 3\n', hosts: ['a', 'b'] },
  { id: 'match-negated', config: 'Match !host a\n  Port 5\n', hosts: ['a', 'b'] },
  { id: 'match-user-before-user', config: 'Match user bob\n  Port 7\nHost *\n  User bob\nMatch user bob\n  HostName viabob\n', hosts: ['x'] },
  { id: 'match-localuser', config: 'Match localuser root,nobody\n  Port 11\nMatch localuser !root\n  User notroot\n', hosts: ['x'] },
  { id: 'match-all', config: 'Host a\n  Port 1\nMatch all\n  Port 2\n  User everyone\n', hosts: ['a', 'b'] },
  { id: 'match-exec', config: 'Match exec "test %h = q"\n  Port 4\nMatch exec false\n  User never\n', hosts: ['q', 'r'] },
  { id: 'match-exec-skipped', config: 'Match host nomatch exec "touch DIR/ran"\n  Port 4\n', hosts: ['q'] },
  { id: 'match-final', config: 'Host a\n  HostName b\nHost b\n  Port 6\nMatch final\n  User f\n', hosts: ['a'] },
  { id: 'match-canonical-final', config: 'Match canonical\n  Port 4\nMatch final host b\n  User fin\nHost a\n  HostName b\n', hosts: ['a', 'c'] },
  { id: 'final-pass-lowercased', config: 'Host a\n  HostName B\nHost B\n  Port 6\nHost b\n  Port 7\nMatch final\n  User f\n', hosts: ['a'] },
  { id: 'match-exec-tokens', config: 'Match exec "test %h = WEB1 && test %n = WEB1"\n  Port 6\n', hosts: ['WEB1', 'web1'] },
  { id: 'match-no-final', config: 'Host a\n  HostName b\nHost b\n  Port 6\n', hosts: ['a'] },
  // Include: where it stands, globs sorted, conditional inside a block, nothing leaking out.
  { id: 'include-absolute', config: 'Include DIR/one.conf\nHost *\n  Port 2\n', files: { 'one.conf': 'Host a\n  Port 1\n' }, hosts: ['a', 'b'] },
  { id: 'include-glob-sorted', config: 'Include DIR/conf.d/*.conf\n', files: { 'conf.d/20-b.conf': 'User b\n', 'conf.d/10-a.conf': 'User a\n', 'conf.d/.hidden.conf': 'Port 99\n', 'conf.d/x.txt': 'Port 98\n' }, hosts: ['h'] },
  { id: 'include-in-host-block', config: 'Host a\n  Include DIR/*.conf\nHost b\n  Include DIR/one.conf\n', files: { 'one.conf': 'Port 11\nHost zz\n  User zz\n', 'two.conf': 'User two\n' }, hosts: ['a', 'b', 'zz'] },
  { id: 'include-host-does-not-leak', config: 'Include DIR/one.conf\nPort 3\n', files: { 'one.conf': 'Host other\n  User other\n' }, hosts: ['a', 'other'] },
  { id: 'include-missing', config: 'Include DIR/none.conf DIR/nothing/*.conf\nPort 4\n', hosts: ['a'] },
  { id: 'include-relative-to-ssh-dir', config: 'Include SSHDIR/rel.conf\n', files: { '~/rel.conf': 'Port 12\n' }, hosts: ['a'] },
  { id: 'include-nested', config: 'Include DIR/one.conf\n', files: { 'one.conf': 'Include DIR/two.conf\nUser one\n', 'two.conf': 'Port 13\n' }, hosts: ['a'] },
  { id: 'include-in-match', config: 'Match host a\n  Include DIR/one.conf\n', files: { 'one.conf': 'Port 14\n' }, hosts: ['a', 'b'] },
  // What ssh refuses, corectl refuses.
  { id: 'refused-include-loop', config: 'Include DIR/loop.conf\n', files: { 'loop.conf': 'Include DIR/loop.conf\n' }, hosts: ['a'], refused: true },
  { id: 'refused-bad-port', config: 'Host a\n  Port abc\n', hosts: ['a'], refused: true },
  { id: 'refused-match-all-combined', config: 'Match all host a\n  Port 3\n', hosts: ['a'], refused: true },
  { id: 'refused-match-exec-alone', config: 'Match exec\n  Port 3\n', hosts: ['a'], refused: true },
  { id: 'refused-unknown-criterion', config: 'Match foo a\n  Port 1\n', hosts: ['a'], refused: true },
];
