set -- '' 600
reason=$1 timeout=$2
if [ -z "$reason" ] && command -v rpm-ostree >/dev/null 2>&1; then
  rpm-ostree status --pending-exit-77 >/dev/null 2>&1
  if [ $? = 77 ]; then reason='a deployment is staged'; fi
fi
if [ -z "$reason" ] && [ -e /run/reboot-required ]; then reason=/run/reboot-required; fi
if [ -z "$reason" ]; then corectl_msg 'no reboot required'; exit 0; fi
corectl_msg "reboot: $reason"
if [ "$corectl_check" = 1 ]; then corectl_changed; exit 0; fi
systemd-run --quiet --on-active=1 --timer-property=AccuracySec=100ms /usr/bin/systemctl reboot || exit 1
corectl_changed
corectl_rebooting "$timeout"
