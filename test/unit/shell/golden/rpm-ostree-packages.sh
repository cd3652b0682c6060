set -- 0 0 htop nano
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
apply_live=$1 allow_inactive=$2 present=$3 absent=$4
corectl_ostree_status not-involved
requested=$(printf '%s' "$status" | jq -r '.deployments[0]["requested-packages"] | join(" ")')
add=''; remove=''
for p in $present; do case " $requested " in *" $p "*) ;; *) add="$add $p" ;; esac; done
for p in $absent; do case " $requested " in *" $p "*) remove="$remove $p" ;; esac; done
changes=0
if [ -n "$add$remove" ]; then
  changes=1
  after=$(for p in $requested $add; do case " $remove " in *" $p "*) ;; *) echo "$p" ;; esac; done | sort -u | tr '\n' ' ')
  corectl_before "requested-packages: $requested"
  corectl_after "requested-packages: ${after% }"
  if [ "$corectl_check" = 0 ]; then
    if [ -n "$remove" ]; then rpm-ostree uninstall --idempotent $remove || exit 1; fi
    if [ -n "$add" ]; then
      set --
      if [ "$allow_inactive" = 1 ]; then set -- --allow-inactive; fi
      if [ "$apply_live" = 1 ]; then set -- "$@" --apply-live; fi
      rpm-ostree install --idempotent "$@" $add || exit 1
    fi
  fi
  corectl_changed
fi
if [ "$apply_live" = 1 ]; then changes=0; fi
corectl_ostree_staged 'a deployment with the new packages would be staged'
