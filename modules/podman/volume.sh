# shellcheck shell=sh
# podman.volume: $1 the name, $2 present or absent (removing one deletes its data: it says so).
name=$1
if [ "$2" = present ]; then
  if ! podman volume exists "$name"; then
    corectl_before absent; corectl_after present
    if [ "$corectl_check" = 0 ]; then podman volume create "$name" >/dev/null || exit 1; fi
    corectl_changed
  fi
elif podman volume exists "$name"; then
  corectl_before present; corectl_after 'absent (its data is deleted)'
  if [ "$corectl_check" = 0 ]; then podman volume rm "$name" >/dev/null || exit 1; fi
  corectl_changed
fi
