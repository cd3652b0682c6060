# shellcheck shell=sh
# rpmOstree.packages: $1 apply live (1/0), $2 allow inactive (1/0), $3 the packages to layer and
# $4 those to remove, each a space-separated list (the names hold no space or glob character).
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
# Applied live: nothing waits for a reboot.
if [ "$apply_live" = 1 ]; then changes=0; fi
corectl_ostree_staged 'a deployment with the new packages would be staged'
