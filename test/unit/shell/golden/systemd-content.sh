u=site-report.service
sc() { systemctl  "$@"; }
d=/etc/systemd/system; corectl_ensure_dir "$d" || exit 1
corectl_file "$d/$u" 9b75691091375bafbf32a326b5ab0435fdead686dd62f3550de1ec88fd038e501001a8b30a177d6d766a38bcbbc527935589c12b472ee7d4d780610d7dcbafef 644 '' '' 1 || exit 1
if [ "$corectl_file_changed" = 1 ] && [ "$corectl_check" = 0 ] && [ system != global ]; then sc daemon-reload || exit 1; fi
load=$(sc show -p LoadState --value -- "$u" 2>/dev/null)
if [ "$load" = not-found ] && [ 1 = 0 ] && ! corectl_planned file "/etc/systemd/system/$u"; then
  echo "Could not find the requested service $u: host" >&2; exit 1
fi
s=$(sc is-enabled -- "$u" 2>/dev/null)
case "$s" in enabled|enabled-runtime|alias) now=enabled ;; static|generated|transient|indirect) now=$s ;; *) now=disabled ;; esac
case "$now" in
  enabled|disabled)
    if [ "$now" != enabled ]; then
      corectl_before "$now"; corectl_after enabled
      if [ "$corectl_check" = 0 ]; then out=$(sc enable -- "$u" 2>&1) || { echo "Unable to enable service $u: $out" >&2; exit 1; }; fi
      corectl_changed
    fi ;;
  *) corectl_msg "unit is $now: it cannot be enabled or disabled" ;;
esac
