set -- 1 1 0 0 1
containers=$1 images=$2 networks=$3 volumes=$4 all_images=$5
corectl_prunable() {
  case $1 in
    container) podman ps -a --filter status=created --filter status=exited --filter status=stopped --format '{{.ID}}' ;;
    image)
      if [ "$containers" = 1 ]; then used=$(podman ps -a --format '{{.State}} {{.ImageID}}' | awk '$1 != "exited" && $1 != "created" && $1 != "stopped" { print $2 }')
      else used=$(podman ps -a --format '{{.ImageID}}'); fi
      if [ "$all_images" = 1 ]; then podman images -q --no-trunc; else podman images -q --no-trunc --filter dangling=true; fi |
        sed 's/^sha256://' | sort -u | while read -r id; do
          case $used in *"$(printf %.12s "$id")"*) ;; *) echo "$id" ;; esac
        done ;;
    network) podman network ls --filter dangling=true --format '{{.Name}}' | sed '/^podman$/d' ;;
    volume) podman volume ls --filter dangling=true --format '{{.Name}}' ;;
  esac
}
corectl_prune() {
  gone=$(corectl_prunable "$1") || return 1
  if [ "$corectl_check" = 0 ]; then
    if [ -z "$gone" ]; then return 0
    elif [ "$1" = image ] && [ "$all_images" = 1 ]; then gone=$(podman image prune --force --all) || return 1
    else gone=$(podman "$1" prune --force) || return 1; fi
  fi
  [ -n "$gone" ] || return 0
  corectl_msg "$1s: $(printf '%s\n' "$gone" | sed -E 's/^([0-9a-f]{12})[0-9a-f]{52}$/\1/' | sort | paste -sd ' ' -)"
  corectl_changed
}
if [ "$containers" = 1 ]; then corectl_prune container || exit 1; fi
if [ "$images" = 1 ]; then corectl_prune image || exit 1; fi
if [ "$networks" = 1 ]; then corectl_prune network || exit 1; fi
if [ "$volumes" = 1 ]; then corectl_prune volume || exit 1; fi
