if podman network exists dns; then
  have=$(podman network inspect --format '{{range .Subnets}}{{.Subnet}}{{end}} internal={{.Internal}}' dns) || exit 1
  [ 1 = 1 ] || have="any ${have#* }"
  if [ "$have" != '10.89.10.0/24 internal=false' ]; then
    corectl_before "$have"; corectl_after '10.89.10.0/24 internal=false'
    if [ "$corectl_check" = 0 ]; then podman network rm dns >/dev/null || exit 1
      podman network create '--subnet' 10.89.10.0/24  dns >/dev/null || exit 1
    fi
    corectl_changed
  fi
else
  corectl_before absent; corectl_after '10.89.10.0/24 internal=false'
  if [ "$corectl_check" = 0 ]; then podman network create '--subnet' 10.89.10.0/24  dns >/dev/null || exit 1; fi
  corectl_changed
fi
