# shellcheck shell=sh
# podman.container: $1 the name (the service is NAME.service), $2 the image, $3 the quadlet
# unit's hash (its content is the step's stdin), $4 show a diff (1/0), $5 started or stopped,
# $6 how many seconds a started container must stay up. The service's part is quadlet-service.sh.
name=$1 image=$2 state=$5 settle=$6
svc=$name.service
corectl_ensure_dir /etc/containers/systemd || exit 1
corectl_file "/etc/containers/systemd/$name.container" "$3" 644 '' '' "$4" || exit 1
unit_changed=$corectl_file_changed
moved='' moved_from='' moved_to=''
if [ "$state" = started ]; then
  want=$(podman image inspect --format '{{.Id}}' "$image" 2>/dev/null)
  have=$(podman container inspect --format '{{.Image}}' "$name" 2>/dev/null)
  if [ -n "$want" ] && [ "$want" != "$have" ]; then moved='image changed' moved_from="image $have" moved_to="image $want"; fi
fi
# quadlet-service.sh follows.
