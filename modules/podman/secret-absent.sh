# shellcheck shell=sh
# podman.secret, absent: $1 the name.
if podman secret exists "$1"; then
  if [ "$corectl_check" = 0 ]; then podman secret rm "$1" >/dev/null || exit 1; fi
  corectl_changed
fi
