# shellcheck shell=sh
# rpmOstree.upgrade: $1 what to do about an update driver (bypass or refuse).
corectl_ostree_status "$1"
current=$(printf '%s' "$status" | jq -r '.deployments[0].version')
available=$(rpm-ostree upgrade --check 2>&1); rc=$?
changes=0
case $rc in
  77) ;;
  0)
    changes=1
    version=$(printf '%s\n' "$available" | sed -n 's/^ *Version: *\([^ ]*\).*/\1/p' | head -n 1)
    corectl_before "version: $current"
    corectl_after "version: ${version:-newer}"
    if [ "$corectl_check" = 0 ]; then rpm-ostree upgrade $bypass || exit 1; fi
    corectl_changed ;;
  *) printf '%s\n' "$available" >&2; exit 1 ;;
esac
corectl_ostree_staged 'the new version would be staged'
