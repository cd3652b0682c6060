# shellcheck shell=sh
# rpmOstree.rebase: $1 the ref, $2 what to do about an update driver (bypass or refuse).
ref=$1
corectl_ostree_status "$2"
current=$(printf '%s' "$status" | jq -r '.deployments[0] | .["container-image-reference"] // .origin')
changes=0
if [ "$current" != "$ref" ]; then
  changes=1
  corectl_before "ref: $current"
  corectl_after "ref: $ref"
  if [ "$corectl_check" = 0 ]; then rpm-ostree rebase $bypass "$ref" || exit 1; fi
  corectl_changed
fi
corectl_ostree_staged "a deployment of $ref would be staged"
