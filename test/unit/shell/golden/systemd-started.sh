u=chronyd.service
sc() { systemctl  "$@"; }
load=$(sc show -p LoadState --value -- "$u" 2>/dev/null)
if [ "$load" = not-found ] && [ 0 = 0 ] && ! corectl_planned file "/etc/systemd/system/$u"; then
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
if [ "$(sc show -p NeedDaemonReload --value -- "$u" 2>/dev/null)" = yes ]; then
  corectl_msg "the unit changed on disk: systemd reloaded first"
  if [ "$corectl_check" = 0 ]; then sc daemon-reload || exit 1; fi
fi
a=$(sc is-active -- "$u" 2>/dev/null)
if [ "$a" != active ] && [ 1 = 1 ] && [ "$(sc show -p LoadState --value -- "$u" 2>/dev/null)" = masked ]; then
  echo "Unable to start service $u: Unit $u is masked." >&2; exit 1
fi
case "$a" in active|activating|reloading) now=active ;; deactivating) now=deactivating ;; *) now=inactive ;; esac
if [ "$now" != active ]; then
  corectl_before "$a"; corectl_after active
  if [ "$corectl_check" = 0 ]; then out=$(sc start -- "$u" 2>&1) || { echo "Unable to start service $u: $out" >&2; exit 1; }; fi
  corectl_changed
fi
