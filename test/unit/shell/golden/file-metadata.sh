p=/etc/ssh/sshd_config
if [ -L "$p" ]; then p=$(readlink -f -- "$p") || p=/etc/ssh/sshd_config; fi
if [ -d "$p" ]; then echo "file ($p) is directory, cannot continue" >&2; exit 1; fi
if [ ! -e "$p" ]; then echo "file ($p) is absent, cannot continue" >&2; exit 1; fi
corectl_meta "$p" 600 root '' || exit 1
