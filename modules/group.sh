# shellcheck shell=sh
# group: $1 name, $2 gid (empty: any), $3 a system group (1/0).
g=$1 gid=$2 system=$3
if [ -n "$gid" ] && other=$(getent group "$gid") && [ "${other%%:*}" != "$g" ]; then
  echo "GID '$gid' already exists with group '${other%%:*}'" >&2; exit 1
fi
if ! getent group "$g" >/dev/null; then
  corectl_msg "group is missing"
  corectl_plan group "$g"
  if [ "$corectl_check" = 0 ]; then
    set --
    if [ "$system" = 1 ]; then set -- --system; fi
    if [ -n "$gid" ]; then set -- "$@" --gid "$gid"; fi
    groupadd "$@" -- "$g" || exit 1
  fi
  corectl_changed
elif [ -n "$gid" ] && [ "$(getent group "$g" | cut -d: -f3)" != "$gid" ]; then
  corectl_msg "gid -> $gid"
  if [ "$corectl_check" = 0 ]; then groupmod --gid "$gid" -- "$g" || exit 1; fi
  corectl_changed
fi
