set -- /var/srv var-srv.mount c15c01b4350b81fb735cd7d259bb212be7387efb8a92457b24b21aee986a4e86a985aa8f636592f2fd2aa95740aee23a24e8b373fff0f1ace0420a2dc6d41547 1 mounted 1 LABEL=srv xfs noatime
p=$1 u=$2 hash=$3 diff=$4 state=$5 boot=$6 src=$7 fstype=$8 opts=$9
f=/etc/systemd/system/$u
is_mounted() { findmnt -n --mountpoint "$p" >/dev/null 2>&1; }

case $state in
  mounted | present)
    if [ "$state" = mounted ] && ! is_mounted; then
      if [ "$corectl_check" = 0 ]; then
        made='' d=$p
        while [ -n "$d" ] && [ ! -e "$d" ]; do made=$d; d=${d%/*}; done
        mkdir -p -- "$p" || exit 1
        if ! out=$(mount -t "$fstype" -o "$opts" -- "$src" "$p" 2>&1); then
          if [ -n "$made" ]; then find "$made" -depth -type d -empty -delete; fi
          echo "Error mounting $p: $out" >&2; exit 1
        fi
      fi
      corectl_msg "mounted"
      corectl_changed
      remount=0
    elif [ "$state" = mounted ]; then remount=1
    else remount=0
    fi
    corectl_file "$f" "$hash" 644 '' '' "$diff" || exit 1
    if [ "$corectl_file_changed" = 1 ] && [ "$corectl_check" = 0 ]; then
      systemctl daemon-reload || exit 1
      if [ "$remount" = 1 ]; then
        corectl_msg "remounted with the unit's options"
        out=$(systemctl reload -- "$u" 2>&1) || { echo "Error remounting $p: $out (the new options apply at the next mount)" >&2; exit 1; }
      fi
    fi
    now=$(systemctl is-enabled -- "$u" 2>/dev/null)
    if [ "$boot" = 1 ] && [ "$now" != enabled ]; then
      corectl_msg "mounted at boot"
      if [ "$corectl_check" = 0 ]; then out=$(systemctl enable -- "$u" 2>&1) || { echo "enabling $u failed: $out" >&2; exit 1; }; fi
      corectl_changed
    elif [ "$boot" = 0 ] && [ "$now" = enabled ]; then
      corectl_msg "no longer mounted at boot"
      if [ "$corectl_check" = 0 ]; then out=$(systemctl disable -- "$u" 2>&1) || { echo "disabling $u failed: $out" >&2; exit 1; }; fi
      corectl_changed
    fi
    ;;
  unmounted)
    if is_mounted; then
      corectl_msg "unmounted"
      if [ "$corectl_check" = 0 ]; then out=$(umount -- "$p" 2>&1) || { echo "Error unmounting $p: $out" >&2; exit 1; }; fi
      corectl_changed
    fi
    ;;
  absent)
    if [ -f "$f" ]; then
      corectl_msg "unit removed"
      if [ "$corectl_check" = 0 ]; then
        systemctl disable -- "$u" >/dev/null 2>&1
        if is_mounted; then out=$(umount -- "$p" 2>&1) || { echo "Error unmounting $p: $out" >&2; exit 1; }; fi
        rm -f -- "$f" && systemctl daemon-reload || exit 1
        if [ -d "$p" ]; then out=$(rmdir -- "$p" 2>&1) || { echo "Error rmdir $p: $out" >&2; exit 1; }; fi
      fi
      corectl_changed
    fi
    ;;
esac
