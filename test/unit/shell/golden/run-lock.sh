set -- exclusive 'ops@laptop (pid 1) since 2026-12-07T00:00:00Z; it'\''s' no-wait root
mode=$1 owner=$2 wait=$3 as=$4
lock=/run/corectl/run.lock note=/run/corectl/run.owner
if [ "$as" = root ] && [ ! -e "$lock" ]; then
  { [ -d /run/corectl ] || mkdir -m 0755 /run/corectl; } && : >> "$lock" && : >> "$note" && chmod 0644 "$lock" && chmod 0666 "$note" || exit 1
fi
{ exec 9< "$lock"; } 2>/dev/null || exit 5
flag=-x
[ "$mode" = shared ] && flag=-s
if ! flock -n "$flag" 9; then
  printf 'busy %s\n' "$(cat "$note" 2>/dev/null)"
  [ "$wait" = wait ] || exit 3
  flock "$flag" 9 || exit 1
fi
{ printf '%s\n' "$owner" > "$note"; } 2>/dev/null || :
echo locked
exec cat > /dev/null
