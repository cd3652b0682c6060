# shellcheck shell=sh
# podman.build: $1 the name (NAME.build builds NAME.Containerfile; the service is NAME-build.service,
# as quadlet names it), $2 the Containerfile's hash (its content is the step's stdin), $3 show a
# diff (1/0), $4 the .build unit's text, $5 show the unit's diff (1/0), $6 the image's tag, $7 the
# build context (a directory on the host; the default one is made here).
# The service's part is quadlet-service.sh: the build runs when the service starts, and again when
# the Containerfile or the unit changed.
name=$1 unit=$4 tag=$6 state=started settle=0
svc=$name-build.service
dir=/etc/containers/systemd
corectl_ensure_dir "$dir" || exit 1
corectl_ensure_dir "$7" || exit 1
corectl_file "$dir/$name.Containerfile" "$2" 644 '' '' "$3" || exit 1
unit_changed=$corectl_file_changed
quadlet_unit_text "$dir/$name.build" "$unit" "$5" || exit 1
# An image removed since (a prune) is built again.
moved='' moved_from='' moved_to=''
if [ "$(systemctl is-active -- "$svc")" = active ] && ! podman image exists "$tag"; then moved='image missing' moved_from="no image $tag" moved_to="image $tag"; fi
# quadlet-service.sh follows.
