command -v rpm-ostree >/dev/null 2>&1 || { echo 'rpm-ostree not found: this host is not an rpm-ostree system' >&2; exit 1; }
command -v jq >/dev/null 2>&1 || { echo 'jq not found (Fedora CoreOS ships it)' >&2; exit 1; }
status=$(rpm-ostree status --json) || exit 1
requested=$(printf '%s' "$status" | jq -r '.deployments[0]["requested-packages"] | join(" ")')
add=''; remove=''
for p in htop; do case " $requested " in *" $p "*) ;; *) add="$add $p" ;; esac; done
for p in nano; do case " $requested " in *" $p "*) remove="$remove $p" ;; esac; done
changes=0
if [ -n "$add$remove" ]; then
  changes=1
  after=$(for p in $requested $add; do case " $remove " in *" $p "*) ;; *) echo "$p" ;; esac; done | sort -u | tr '\n' ' ')
  corectl_before "requested-packages: $requested"
  corectl_after "requested-packages: ${after% }"
  if [ "$corectl_check" = 0 ]; then
    if [ -n "$remove" ]; then rpm-ostree uninstall --idempotent $remove || exit 1; fi
    if [ -n "$add" ]; then rpm-ostree install --idempotent  $add || exit 1; fi
  fi
  corectl_changed
fi
if [ "$corectl_check" = 1 ] && [ "$changes" = 1 ]; then corectl_reboot_required 'a deployment with the new packages would be staged'; fi
staged=$(rpm-ostree status --json | jq -r '([.deployments[] | select(.booted)][0]["live-replaced"]) as $live
  | .deployments[0] | select((.booted | not) and .checksum != $live) | .id') || exit 1
if [ -n "$staged" ]; then corectl_reboot_required "deployment $staged is staged"; corectl_data staged "$staged"; fi
