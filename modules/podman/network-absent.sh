# shellcheck shell=sh
# podman.network, absent: $1 the name.
if podman network exists "$1"; then
  corectl_before present; corectl_after absent
  if [ "$corectl_check" = 0 ]; then podman network rm "$1" >/dev/null || exit 1; fi
  corectl_changed
fi
