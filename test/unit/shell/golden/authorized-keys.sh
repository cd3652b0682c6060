set -- core '' 0 1
u=$1 p=$2 follow=$3 manage_dir=$4
if ! pw=$(getent passwd "$u"); then
  if [ "$corectl_check" = 1 ] && { corectl_planned user "$u" || [ -n "$p" ]; }; then corectl_data user planned; exit 0; fi
  echo "Failed to lookup user $u" >&2; exit 1
fi
home=$(printf '%s\n' "$pw" | cut -d: -f6)
[ -n "$p" ] || p="$home/.ssh/authorized_keys"
if [ "$follow" = 1 ] && [ -L "$p" ]; then p=$(readlink -f -- "$p") || exit 1; fi
corectl_data path "$p"
if [ -f "$p" ]; then corectl_data_file content "$p" || exit 1
elif [ "$manage_dir" = 1 ] && [ ! -d "${p%/*}" ] && [ ! -d "${p%/*/*}" ]; then echo "Failed to create directory ${p%/*}: ${p%/*/*} does not exist" >&2; exit 1
fi
