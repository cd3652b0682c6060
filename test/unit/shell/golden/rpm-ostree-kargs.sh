set -- '{"present":["mitigations=auto"],"absent":["quiet"],"replace":[]}'
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
spec=$1
corectl_ostree_status not-involved
plan='
def key: sub("=.*$"; "");
def drop($e): if ($e | contains("=")) then map(select(. != $e)) else map(select(key != $e)) end;
def put($e): ($e | key) as $k
  | if any(.[]; key == $k) then reduce .[] as $x ([]; if ($x | key) != $k then . + [$x] elif any(.[]; key == $k) then . else . + [$e] end)
    else . + [$e] end;
(split(" ") | map(select(length > 0))) as $cur
| (reduce $spec.absent[] as $e ($cur; drop($e)) | reduce $spec.replace[] as $e (.; put($e))
   | reduce $spec.present[] as $e (.; if index([$e]) != null then . else . + [$e] end)) as $want
| ($cur | join(" ")), ($want | join(" ")), (($cur - $want)[] | "--delete=\(.)"), (($want - $cur)[] | "--append=\(.)")'
plan=$(rpm-ostree kargs | jq -rR --argjson spec "$spec" "$plan") || exit 1
current=$(printf '%s\n' "$plan" | sed -n 1p)
wanted=$(printf '%s\n' "$plan" | sed -n 2p)
set --
while IFS= read -r op; do [ -z "$op" ] || set -- "$@" "$op"; done <<CORECTL_OPS
$(printf '%s\n' "$plan" | sed -n '3,$p')
CORECTL_OPS
changes=0
if [ "$current" != "$wanted" ]; then
  changes=1
  corectl_before "kargs: $current"
  corectl_after "kargs: $wanted"
  if [ "$corectl_check" = 0 ] && [ $# -gt 0 ]; then rpm-ostree kargs "$@" || exit 1; fi
  corectl_changed
fi
corectl_ostree_staged 'a deployment with the new kernel arguments would be staged'
