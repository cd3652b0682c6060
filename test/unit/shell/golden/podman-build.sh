set -- web 9b07a63f2c35f9a6eb958f18116f2bcefb52539c9072f874c21a07d64587e8e537e8cb2ee06767ea0af0b122d386fced8b64bc906b393da9a95ace4900166b79 1 '# Managed by corectl
[Unit]
Description=web image build

[Build]
ImageTag=localhost/site/web:1
File=/etc/containers/systemd/web.Containerfile
SetWorkingDirectory=/var/lib/corectl/build/web
Pull=missing

[Service]
RemainAfterExit=yes
TimeoutStartSec=1800

[Install]
WantedBy=multi-user.target default.target
' 1 localhost/site/web:1 /var/lib/corectl/build/web
quadlet_unit_text() {
  if [ -f "$1" ] && printf '%s' "$2" | cmp -s - "$1"; then return 0; fi
  unit_changed=1
  if [ -f "$1" ]; then corectl_msg 'unit differs'; else corectl_msg 'unit is missing'; fi
  if [ "$3" = 1 ]; then printf '%s' "$2" | corectl_showdiff "$1" -; fi
  if [ "$corectl_check" = 0 ]; then
    corectl_clean_stale "$1"
    qt_tmp=$corectl_dir/.$corectl_base.corectl.$corectl_nonce
    printf '%s' "$2" > "$qt_tmp" && chmod 644 "$qt_tmp" && mv -Tf -- "$qt_tmp" "$1" || { rm -f -- "$qt_tmp"; return 1; }
    corectl_relabel "$1"
  fi
  corectl_changed
}
name=$1 unit=$4 tag=$6 state=started settle=0
svc=$name-build.service
dir=/etc/containers/systemd
corectl_ensure_dir "$dir" || exit 1
corectl_ensure_dir "$7" || exit 1
corectl_file "$dir/$name.Containerfile" "$2" 644 '' '' "$3" || exit 1
unit_changed=$corectl_file_changed
quadlet_unit_text "$dir/$name.build" "$unit" "$5" || exit 1
moved='' moved_from='' moved_to=''
if [ "$(systemctl is-active -- "$svc")" = active ] && ! podman image exists "$tag"; then moved='image missing' moved_from="no image $tag" moved_to="image $tag"; fi
corectl_down() {
  a=$(systemctl is-active -- "$svc"); n=0
  while { [ "$a" = deactivating ] || { [ "$a" = activating ] && [ "$(systemctl show -p SubState --value -- "$svc")" = auto-restart ]; }; } && [ "$n" -lt 20 ]; do
    sleep 0.25; n=$((n + 1)); a=$(systemctl is-active -- "$svc")
  done
  journalctl --sync 2>/dev/null
  echo "$svc $1: it is $a, systemd restarted it $(( $(systemctl show -p NRestarts --value -- "$svc") - r0 )) time(s); its last log lines:" >&2
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
    read -r up _ < /proc/uptime
    since=$(systemctl show -p ActiveEnterTimestampMonotonic --value -- "$svc")
    if [ $(( ${up%.*} - ${since:-0} / 1000000 )) -le "$settle" ]; then
      r0=$(systemctl show -p NRestarts --value -- "$svc")
      corectl_settle || { corectl_restarts_seen; exit 1; }
    fi
  fi
fi
corectl_restarts_seen
