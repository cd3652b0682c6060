// Start contents used by many cases: the shapes of the inputs in Ansible's own integration
// targets (a five-line file, a file without a final newline, an ini file, a shell script), and
// the configuration files corectl's users edit most (sshd_config, chrony.conf).
export const FIVE_LINES = 'This is line 1\nThis is line 2\nREF this is a line for backrefs REF\nThis is line 4\nThis is line 5\n';
export const NO_FINAL_NEWLINE = 'This is line 1\nThis is line 2';
export const SPACED = 'This is line 1\n\nThis is line 2\n\nThis is line 3\n\nThis is line 4\n';
export const REPEATED = 'line1\nline1\nline1\nline2\nline3\n';
export const INI = '[section_one]\n\n[section_two]\n\n[section_three]\n';
export const SCRIPT = '#!/bin/sh\n\ncase "`uname`" in\n  Darwin*) if [ -z "$JAVA_HOME" ] ; then\n';
export const SPECIALS = 'This is line 1\nThis is line 2\n(\\\\w)(\\\\s+)([\\\\.,])\nThis is line 4\n<FilesMatch ".py[45]?$">\n';
export const SSHD = `# See sshd_config(5)
Include /etc/ssh/sshd_config.d/*.conf
#Port 22
#AddressFamily any
#ListenAddress 0.0.0.0
HostKey /etc/ssh/ssh_host_ed25519_key
#PermitRootLogin prohibit-password
   PermitRootLogin yes
PasswordAuthentication yes
#MaxSessions 10
X11Forwarding no
Subsystem sftp /usr/libexec/openssh/sftp-server
`;
export const CHRONY = 'server time1.example.net iburst\nserver time2.example.net iburst\ndriftfile /var/lib/chrony/drift\nmakestep 1.0 3\nrtcsync\n';
export const THREE = 'line1\nline2\nline3\n';
export const CRLF = 'unix\r\ndos\r\nfoo\r\n';
export const LISTENER = `LISTENER=(DESCRIPTION=(ADDRESS_LIST=(ADDRESS=(PROTOCOL=IPC)(KEY=LISTENER))))
SID_LIST_LISTENER_DG =
    (SID_LIST =
        (SID_DESC =
            (SID_NAME = DB011)
        )
    )
SID_LIST_LISTENER =
    (SID_LIST =
        (SID_DESC =
            (SID_NAME = DB021)
        )
    )
`;
