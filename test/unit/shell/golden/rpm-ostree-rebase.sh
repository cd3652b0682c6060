set -- fedora:fedora/x86_64/coreos/testing bypass
corectl_ostree_status() {
  command -v rpm-ostree >/dev/null 2>&1 || { echo 'rpm-ostree not found: this host is not an rpm-ostree system' >&2; exit 1; }
  command -v jq >/dev/null 2>&1 || { echo 'jq not found (Fedora CoreOS ships it)' >&2; exit 1; }
  status=$(rpm-ostree status --json) || exit 1
  bypass=''
  [ "$1" != not-involved ] || return 0
  driver=$(printf '%s' "$status" | jq -r '.["update-driver"] // empty | "\(.["driver-name"]) (\(.["driver-sd-unit"]))"')
  if [ -n "$driver" ]; then
    if [ "$1" = bypass ]; then bypass=--bypass-driver; corectl_msg "bypassing the update driver $driver: this task manages the deployment"
    else echo "updates on this host are driven by $driver; set bypassDriver: true to act anyway" >&2; exit 1; fi
  fi
}
corectl_ostree_staged() {
  if [ "$corectl_check" = 1 ] && [ "$changes" = 1 ]; then corectl_reboot_required "$1"; fi
  staged=$(rpm-ostree status --json | jq -r '([.deployments[] | select(.booted)][0]["live-replaced"]) as $live
  | .deployments[0] | select((.booted | not) and .checksum != $live) | .id') || exit 1
  if [ -n "$staged" ]; then corectl_reboot_required "deployment $staged is staged"; corectl_data staged "$staged"; fi
}
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
