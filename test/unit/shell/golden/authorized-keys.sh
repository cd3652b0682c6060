u=core; p=''
if ! pw=$(getent passwd "$u"); then
  if [ "$corectl_check" = 1 ] && { corectl_planned user "$u" || [ -n "$p" ]; }; then corectl_data user planned; exit 0; fi
  echo "Failed to lookup user $u" >&2; exit 1
fi
home=$(printf '%s\n' "$pw" | cut -d: -f6)
[ -n "$p" ] || p="$home/.ssh/authorized_keys"
corectl_data path "$p"
if [ -f "$p" ]; then corectl_data_file content "$p" || exit 1
elif [ ! -d "${p%/*}" ] && [ ! -d "${p%/*/*}" ]; then echo "Failed to create directory ${p%/*}: ${p%/*/*} does not exist" >&2; exit 1
fi
