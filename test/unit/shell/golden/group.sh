g=etcd
if [ -n '' ] && other=$(getent group '') && [ "${other%%:*}" != "$g" ]; then
  echo "GID '"''"' already exists with group '${other%%:*}'" >&2; exit 1
fi
if ! getent group "$g" >/dev/null; then
  corectl_msg "group is missing"
  corectl_plan group "$g"
  if [ "$corectl_check" = 0 ]; then groupadd '--system'  -- "$g" || exit 1; fi
  corectl_changed
elif [ -n '' ] && [ "$(getent group "$g" | cut -d: -f3)" != '' ]; then
  corectl_msg 'gid -> '
  if [ "$corectl_check" = 0 ]; then groupmod --gid 0 -- "$g" || exit 1; fi
  corectl_changed
fi
