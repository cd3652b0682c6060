# shellcheck shell=sh
# podman.kube: $1 the name (NAME.kube plays NAME.yaml; the service is NAME.service), $2 the YAML's
# hash (its content is the step's stdin), $3 show a diff of the YAML (1/0), $4 started or stopped,
# $5 how many seconds a started service must stay up, $6 the .kube unit's text, $7 show a diff of
# the unit (1/0). The service's part is quadlet-service.sh.
name=$1 state=$4 settle=$5 unit=$6
svc=$name.service
dir=/etc/containers/systemd
corectl_ensure_dir "$dir" || exit 1
# The YAML may hold a Secret's data: root's alone.
corectl_file "$dir/$name.yaml" "$2" 600 '' '' "$3" || exit 1
unit_changed=$corectl_file_changed
# The unit is short text made from the options (unit-text.sh): the stdin is the YAML.
quadlet_unit_text "$dir/$name.kube" "$unit" "$7" || exit 1
moved='' moved_from='' moved_to=''
# quadlet-service.sh follows.
