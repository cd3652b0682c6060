# shellcheck shell=sh
# The end of every podman module that runs a quadlet unit (container, pod, kube): the service
# started, restarted or stopped as the unit and state ask, and a started one watched until it has
# stayed up. The module's own script runs first and sets:
#   svc            the service (NAME.service, NAME-pod.service)
#   state, settle  started or stopped; how many seconds a started service must stay up
#   unit_changed   1 when the unit (or a file it reads) changed: a running service restarts
#   moved, moved_from, moved_to   what the running service uses that moved since it started (a
#                  container's image), as a message and its before/after; moved_from empty: nothing
# systemd reads a changed unit here, once, for every module.
# systemd counts the restarts it makes: a container that exits and is started again does not
# look inactive at every moment, but its count moves.
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
  end=$(( $(date +%s) + settle ))
  while a=$(systemctl is-active -- "$svc"); [ "$a" = active ] && [ "$(date +%s)" -lt "$end" ]; do sleep 0.5; done
  if [ "$a" != active ] || [ "$(systemctl show -p NRestarts --value -- "$svc")" != "$r0" ]; then
    corectl_down "did not stay running within $settle s"; return 1
  fi
}

if [ "$unit_changed" = 1 ] && [ "$corectl_check" = 0 ]; then systemctl daemon-reload || exit 1; fi
if [ "$state" = stopped ]; then
  if [ "$(systemctl is-active -- "$svc")" = active ]; then
    corectl_before active; corectl_after inactive
    if [ "$corectl_check" = 0 ]; then systemctl stop -- "$svc" || exit 1; fi
    corectl_changed
  fi
  exit 0
fi
act=''
if ! [ "$(systemctl is-active -- "$svc")" = active ]; then
  corectl_before "$(systemctl is-active -- "$svc")"; corectl_after active; act=start
elif [ "$unit_changed" = 1 ]; then
  corectl_msg 'unit changed: restarting'; act=restart
elif [ -n "$moved_from" ]; then
  corectl_msg "$moved: restarting"; corectl_before "$moved_from"; corectl_after "$moved_to"; act=restart
fi
# systemd's restart count as the last run left it (same boot), kept on the host: a container that
# crashes slower than the settle time is up whenever a run looks, but its count moves between runs.
# Check mode changes nothing, this record included: a drift check says it until a run has seen it.
rec=/var/lib/corectl/restarts/${svc%.service}
corectl_restarts_seen() {
  [ "$corectl_check" = 0 ] || return 0
  mkdir -p /var/lib/corectl/restarts && printf '%s %s %s\n' "$(cat /proc/sys/kernel/random/boot_id)" "$(systemctl show -p NRestarts --value -- "$svc")" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$rec.new" && mv -f "$rec.new" "$rec"
}
rboot='' rn='' rat=''
if [ -f "$rec" ]; then read -r rboot rn rat < "$rec"; fi
if [ -n "$act" ]; then
  if [ "$corectl_check" = 0 ]; then
    r0=$(systemctl show -p NRestarts --value -- "$svc")
    # A container that exits before it is ready fails the start job itself (its unit is
    # Type=notify): the same report as one that exits just after.
    systemctl "$act" -- "$svc" 2>/dev/null || { corectl_down 'did not start'; exit 1; }
    corectl_changed
    corectl_settle || exit 1
  else corectl_changed; fi
else
  if [ "$rboot" = "$(cat /proc/sys/kernel/random/boot_id)" ] && [ "$(systemctl show -p NRestarts --value -- "$svc")" -gt "${rn:-0}" ]; then
    r0=$rn
    corectl_restarts_seen
    corectl_down "kept crashing since the last corectl run ($rat)"; exit 1
  fi
  if [ "$settle" -gt 0 ]; then
    # Active, but maybe only between two crashes: one that became active within the settle time
    # is watched as after a start, so a restart loop is never "ok".
    read -r up _ < /proc/uptime
    since=$(systemctl show -p ActiveEnterTimestampMonotonic --value -- "$svc")
    if [ $(( ${up%.*} - ${since:-0} / 1000000 )) -le "$settle" ]; then
      r0=$(systemctl show -p NRestarts --value -- "$svc")
      corectl_settle || { corectl_restarts_seen; exit 1; }
    fi
  fi
fi
corectl_restarts_seen
