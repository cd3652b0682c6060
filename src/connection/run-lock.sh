# shellcheck shell=sh
# The run's lock on this host, held while this script runs: $1 exclusive (run) or shared (check,
# exec, facts), $2 who holds it (user@machine, pid, since), $3 wait or no-wait. It runs until its
# stdin closes: the run released the host, or the connection went away with a killed run, so a
# lock never outlives its run. Says `busy OWNER` when another run holds it, then `locked`.
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
