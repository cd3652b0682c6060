# shellcheck shell=sh
# The run's lock on this host, held while this script runs: $1 exclusive (run) or shared (check,
# exec, facts), $2 who holds it (user@machine, pid, since), $3 wait or no-wait, $4 root (it may
# make the lock file) or user. It runs until its stdin closes: the run released the host, or the
# connection went away with a killed run, so a lock never outlives its run. Says `busy OWNER`
# when another run holds it, then `locked`.
#
# flock needs only a descriptor open for reading, so once root has made the lock file (0644, and
# the holder's note 0666) any login user takes the lock without sudo: one plain command per host.
# As user, a missing lock file exits 5 and the run asks again as root.
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
