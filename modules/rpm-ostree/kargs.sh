# shellcheck shell=sh
# rpmOstree.kargs: $1 the options as JSON ({present, absent, replace}). The wanted list is
# computed on the host from the current one (jq), then applied as exact --delete/--append
# operations in one call.
spec=$1
corectl_ostree_status not-involved
# Prints: the current kargs, the wanted kargs, then one rpm-ostree option per line.
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
