# shellcheck shell=sh
# touch: $1 path, $2 mtime stamp, $3 mtime date, $4 atime stamp, $5 atime date (stamp: now,
# preserve or touch -t's form; date: the same time as date -d reads it), $6 mode, $7 owner,
# $8 group (empty: leave).
p=$1 mt=$2 md=$3 at=$4 ad=$5 mode=$6 owner=$7 group=$8
if [ -L "$p" ]; then p=$(readlink -f -- "$p") || exit 1; fi
if [ ! -e "$p" ]; then
  if [ ! -d "${p%/*}" ] && ! corectl_planned dir "${p%/*}"; then echo "Error, could not touch target: ${p%/*} does not exist" >&2; exit 1; fi
  corectl_msg "file is missing"
  corectl_known_user "$owner" && corectl_known_group "$group" || exit 1
  if [ "$corectl_check" = 1 ]; then corectl_changed; exit 0; fi
  corectl_act touch -- "$p" || exit 1
fi
corectl_meta "$p" "$mode" "$owner" "$group" || exit 1
if [ "$mt" = now ] && [ "$at" = now ]; then corectl_msg "times set to now"; corectl_act touch -c -- "$p" || exit 1; exit 0; fi
# A fixed time is set only when it differs, to the nanosecond, as Python compares them.
for kind in m a; do
  if [ "$kind" = m ]; then want=$mt when=$md flag=-m fmt=%.9Y; else want=$at when=$ad flag=-a fmt=%.9X; fi
  case $want in
    preserve) ;;
    now) corectl_msg "${kind}time set to now"; corectl_act touch -c "$flag" -- "$p" || exit 1 ;;
    *) have=$(stat -c "$fmt" -- "$p") && w=$(date -d "$when" +%s.000000000) || exit 1
      if [ "$have" != "$w" ]; then corectl_msg "${kind}time -> $when"; corectl_act touch -c "$flag" -t "$want" -- "$p" || exit 1; fi ;;
  esac
done
