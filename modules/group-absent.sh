# shellcheck shell=sh
# group, state absent: $1 the group's name.
g=$1
if getent group "$g" >/dev/null; then
  corectl_msg "group exists"
  corectl_act groupdel -- "$g" || exit 1
fi
