set -- docker.io/coredns/coredns:1.12.0 ''
ref=$1 archive=$2
if ! podman image exists "$ref"; then
  if corectl_planned image "$ref"; then exit 0; fi
  corectl_before absent; corectl_after present
  corectl_plan image "$ref"
  if [ "$corectl_check" = 0 ]; then
    if [ -n "$archive" ]; then
      corectl_need_stdin
      podman load --quiet >/dev/null || exit 1
      podman image exists "$ref" || { echo "the archive $archive does not hold $ref" >&2; exit 1; }
    else
      podman pull --quiet "$ref" >/dev/null || exit 1
    fi
    corectl_data id "$(podman image inspect --format '{{.Id}}' "$ref")"
  fi
  corectl_changed
else
  corectl_data id "$(podman image inspect --format '{{.Id}}' "$ref")"
fi
