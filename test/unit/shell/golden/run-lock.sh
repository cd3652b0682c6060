set -- exclusive 'ops@laptop (pid 1) since 2026-12-07T00:00:00Z; it'\''s' no-wait
mode=$1 owner=$2 wait=$3
mkdir -p /run/corectl && exec 9>>/run/corectl/run.lock || exit 1
flag=-x
[ "$mode" = shared ] && flag=-s
if ! flock -n "$flag" 9; then
  printf 'busy %s\n' "$(cat /run/corectl/run.owner 2>/dev/null)"
  [ "$wait" = wait ] || exit 3
  flock "$flag" 9 || exit 1
fi
printf '%s\n' "$owner" > /run/corectl/run.owner
echo locked
exec cat > /dev/null
