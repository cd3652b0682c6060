# shellcheck shell=sh
# podman.network, present: $1 the name, $2 the subnet (empty: any), $3 internal (true/false). A
# network whose subnet or internal flag differs is made again.
name=$1 subnet=$2 internal=$3
want="${subnet:-any} internal=$internal"
corectl_network_create() {
  set --
  if [ -n "$subnet" ]; then set -- --subnet "$subnet"; fi
  if [ "$internal" = true ]; then set -- "$@" --internal; fi
  podman network create "$@" "$name" >/dev/null
}
if podman network exists "$name"; then
  have=$(podman network inspect --format '{{range .Subnets}}{{.Subnet}}{{end}} internal={{.Internal}}' "$name") || exit 1
  [ -n "$subnet" ] || have="any ${have#* }"
  if [ "$have" != "$want" ]; then
    corectl_before "$have"; corectl_after "$want"
    if [ "$corectl_check" = 0 ]; then
      podman network rm "$name" >/dev/null || exit 1
      corectl_network_create || exit 1
    fi
    corectl_changed
  fi
else
  corectl_before absent; corectl_after "$want"
  if [ "$corectl_check" = 0 ]; then corectl_network_create || exit 1; fi
  corectl_changed
fi
