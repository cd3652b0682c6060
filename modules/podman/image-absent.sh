# shellcheck shell=sh
# podman.image, absent: $1 the reference.
if podman image exists "$1"; then
  corectl_before present; corectl_after absent
  if [ "$corectl_check" = 0 ]; then podman rmi "$1" >/dev/null || exit 1; fi
  corectl_changed
fi
