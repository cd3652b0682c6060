if ! podman volume exists coredns-data; then
  corectl_before absent; corectl_after present
  if [ "$corectl_check" = 0 ]; then podman volume create coredns-data >/dev/null || exit 1; fi
  corectl_changed
fi
