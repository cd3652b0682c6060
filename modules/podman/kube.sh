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
# The unit is short text made from the options (the stdin is the YAML's): compared as it is.
kube_unit=$dir/$name.kube
if ! { [ -f "$kube_unit" ] && printf '%s' "$unit" | cmp -s - "$kube_unit"; }; then
  unit_changed=1
  if [ -f "$kube_unit" ]; then corectl_msg 'unit differs'; else corectl_msg 'unit is missing'; fi
  if [ "$7" = 1 ]; then printf '%s' "$unit" | corectl_showdiff "$kube_unit" -; fi
  if [ "$corectl_check" = 0 ]; then
    corectl_clean_stale "$kube_unit"
    printf '%s' "$unit" > "$dir/.$name.kube.corectl.$corectl_nonce" && chmod 644 "$dir/.$name.kube.corectl.$corectl_nonce" &&
      mv -Tf -- "$dir/.$name.kube.corectl.$corectl_nonce" "$kube_unit" || { rm -f -- "$dir/.$name.kube.corectl.$corectl_nonce"; exit 1; }
    corectl_relabel "$kube_unit"
  fi
  corectl_changed
fi
if [ "$unit_changed" = 1 ] && [ "$corectl_check" = 0 ]; then systemctl daemon-reload || exit 1; fi
moved='' moved_from='' moved_to=''
# quadlet-service.sh follows.
