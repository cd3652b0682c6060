set -- /etc/ssh/sshd_config '' '' ''
p=$1 mode=$2 owner=$3 group=$4
if [ -L "$p" ]; then
  r=$(readlink -f -- "$p") || { echo "$p: cannot resolve the symbolic link" >&2; exit 1; }
  corectl_data link "$r"
  corectl_meta "$p" '' "$owner" "$group" inspect || exit 1
  corectl_data metadata "$corectl_meta_changed"
  p=$r
fi
if [ -d "$p" ]; then echo "Path $p is a directory !" >&2; exit 1; fi
if [ -e "$p" ]; then
  if [ ! -f "$p" ]; then echo "$p is not a regular file" >&2; exit 1; fi
  corectl_data_file content "$p" || exit 1
  if [ ! -L "$1" ]; then corectl_meta "$p" "$mode" "$owner" "$group" inspect || exit 1; corectl_data metadata "$corectl_meta_changed"; fi
else
  corectl_known_user "$owner" && corectl_known_group "$group" || exit 1
  [ -d "${p%/*}" ] || corectl_data parent missing
fi
