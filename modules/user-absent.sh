# shellcheck shell=sh
# user, state absent: $1 the name, $2 force (1/0), $3 remove the home too (1/0).
u=$1 force=$2 remove=$3
if getent passwd "$u" >/dev/null; then
  corectl_msg "user exists"
  set --
  if [ "$force" = 1 ]; then set -- -f; fi
  if [ "$remove" = 1 ]; then set -- "$@" -r; fi
  corectl_act userdel "$@" -- "$u" || exit 1
fi
