if ! podman image exists docker.io/coredns/coredns:1.12.0; then
  corectl_before absent; corectl_after present
  if [ "$corectl_check" = 0 ]; then
podman pull --quiet docker.io/coredns/coredns:1.12.0 >/dev/null || exit 1
    corectl_data id "$(podman image inspect --format '{{.Id}}' docker.io/coredns/coredns:1.12.0)"
  fi
  corectl_changed
fi
