# shellcheck shell=sh
# file without content: the metadata of an existing file, a link followed as Ansible's file
# module does. $1 path, $2 mode, $3 owner, $4 group (empty: leave).
p=$1
if [ -L "$p" ]; then p=$(readlink -f -- "$p") || p=$1; fi
if [ -d "$p" ]; then echo "file ($p) is directory, cannot continue" >&2; exit 1; fi
if [ ! -e "$p" ]; then echo "file ($p) is absent, cannot continue" >&2; exit 1; fi
corectl_meta "$p" "$2" "$3" "$4" || exit 1
