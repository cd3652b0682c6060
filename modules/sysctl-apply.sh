# shellcheck shell=sh
# sysctl, second step (what the controller decided): $1 the file, $2 `name=value` to set now
# (empty: leave the kernel), $3 the name, $4 what setting it is said as, $5 what to do with the
# file (write: the step's stdin, with $6 its hash; remove; empty: nothing), $7 what that is said
# as, $8 reload the file with sysctl -p (1/0), $9 ignore errors there (1/0). Each part is said
# once it is done: a value the kernel refuses must not read "setting written".
f=$1 setting=$2 name=$3 applied=$4 persist=$5 hash=$6 persisted=$7 reload=$8 ignore=$9
if [ -n "$setting" ]; then
  out=$(sysctl -w "$setting" 2>&1) || { echo "setting $name failed, nothing persisted:" "$out" >&2; exit 1; }
  corectl_changed; corectl_msg "$applied"
fi
case $persist in
  remove) corectl_act rm -f -- "$f" || exit 1; corectl_msg "$persisted" ;;
  write) corectl_ensure_dir "${f%/*}" || exit 1; corectl_file "$f" "$hash" '' '' '' 0 || exit 1; corectl_msg "$persisted" ;;
esac
if [ "$reload" = 1 ]; then
  if [ "$ignore" = 1 ]; then set -- -e; else set --; fi
  out=$(sysctl "$@" -p "$f" 2>&1) || { echo "Failed to reload sysctl: $out" >&2; exit 1; }
fi
