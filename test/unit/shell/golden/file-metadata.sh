set -- /etc/ssh/sshd_config 600 root ''
p=$1
if [ -L "$p" ]; then p=$(readlink -f -- "$p") || p=$1; fi
if [ -d "$p" ]; then echo "file ($p) is directory, cannot continue" >&2; exit 1; fi
if [ ! -e "$p" ]; then echo "file ($p) is absent, cannot continue" >&2; exit 1; fi
corectl_meta "$p" "$2" "$3" "$4" || exit 1
