# shellcheck shell=sh
# podman.pod: $1 the name (the service is NAME-pod.service, as quadlet names it), $2 the quadlet
# unit's hash (its content is the step's stdin), $3 show a diff (1/0), $4 started or stopped,
# $5 how many seconds a started pod must stay up. The service's part is quadlet-service.sh.
name=$1 state=$4 settle=$5
svc=$name-pod.service
corectl_ensure_dir /etc/containers/systemd || exit 1
corectl_file "/etc/containers/systemd/$name.pod" "$2" 644 '' '' "$3" || exit 1
unit_changed=$corectl_file_changed
# The pod's containers follow its service (quadlet binds them to it): each has its own task.
moved='' moved_from='' moved_to=''
# quadlet-service.sh follows.
