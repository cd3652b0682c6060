corectl_ensure_dir /etc/containers/systemd || exit 1
corectl_file /etc/containers/systemd/coredns.container ccc51bf0182887e9a62433c1b3e5ad79179c61889abd0f8f41f4e46aee535f8b48f33673bc4319c9caf8988f3663fb9618d4c0848239a5d450dd31643333f13b 644 '' '' 1 || exit 1
unit_changed=$corectl_file_changed
if [ "$unit_changed" = 1 ] && [ "$corectl_check" = 0 ]; then systemctl daemon-reload || exit 1; fi
svc=coredns.service
corectl_down() {
  # Caught while stopping or while waiting to be restarted (a loaded host): give it a moment to
  # land, so the report says where it ended, counts the restart under way, and its log holds the
  # container's last words.
  a=$(systemctl is-active -- "$svc"); n=0
  while { [ "$a" = deactivating ] || { [ "$a" = activating ] && [ "$(systemctl show -p SubState --value -- "$svc")" = auto-restart ]; }; } && [ "$n" -lt 20 ]; do
    sleep 0.25; n=$((n + 1)); a=$(systemctl is-active -- "$svc")
  done
  journalctl --sync 2>/dev/null
  echo "$svc $1: it is $a, systemd restarted it $(( $(systemctl show -p NRestarts --value -- "$svc") - r0 )) time(s); its last log lines:" >&2
  # podman's own event lines and the bare container ids it prints would crowd out the lines that
  # say why: the container's output and systemd's.
  journalctl -u "$svc" -n 200 --no-pager -o cat | grep -Ev '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:.]+ [+-][0-9]{4} [A-Z]+ m=[+]|^[0-9a-f]{64}$' | tail -n 15 >&2
}
corectl_settle() {
  end=$(( $(date +%s) + 3 ))
  while a=$(systemctl is-active -- "$svc"); [ "$a" = active ] && [ "$(date +%s)" -lt "$end" ]; do sleep 0.5; done
  if [ "$a" != active ] || [ "$(systemctl show -p NRestarts --value -- "$svc")" != "$r0" ]; then
    corectl_down 'did not stay running within 3 s'; return 1
  fi
}
want=$(podman image inspect --format '{{.Id}}' docker.io/coredns/coredns:1.12.0 2>/dev/null)
have=$(podman container inspect --format '{{.Image}}' coredns 2>/dev/null)
act=''
if ! [ "$(systemctl is-active -- coredns.service)" = active ]; then
  corectl_before "$(systemctl is-active -- "$svc")"; corectl_after active; act=start
elif [ "$unit_changed" = 1 ]; then
  corectl_msg 'unit changed: restarting'; act=restart
elif [ -n "$want" ] && [ "$want" != "$have" ]; then
  corectl_msg 'image changed: restarting'; corectl_before "image $have"; corectl_after "image $want"; act=restart
fi
if [ -n "$act" ]; then
  if [ "$corectl_check" = 0 ]; then
    r0=$(systemctl show -p NRestarts --value -- "$svc")
    # A container that exits before it is ready fails the start job itself (its unit is
    # Type=notify): the same report as one that exits just after.
    systemctl "$act" -- "$svc" 2>/dev/null || { corectl_down 'did not start'; exit 1; }
    corectl_changed
    corectl_settle || exit 1
  else corectl_changed; fi
elif [ 3 -gt 0 ]; then
  # Active, but maybe only between two crashes: one that became active within the settle time
  # is watched as after a start, so a restart loop is never "ok".
  read -r up _ < /proc/uptime
  since=$(systemctl show -p ActiveEnterTimestampMonotonic --value -- "$svc")
  if [ $(( ${up%.*} - ${since:-0} / 1000000 )) -le 3 ]; then
    r0=$(systemctl show -p NRestarts --value -- "$svc")
    corectl_settle || exit 1
  fi
fi
