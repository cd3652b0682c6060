set -- /run/secrets/app/token ff29f6c22cb0096c3d3a1329757723cfd0bb4f5a928f301b5e3dc1e553b538414ce14c30a8914b7b71381019ad99af399e47bfa3a5685fa723dc4e7380340b0d 440 app root corectl-secret-3cf5b38da334e3cc '[Unit]
Description=corectl secret file /run/secrets/app/token
DefaultDependencies=no
After=local-fs.target
Before=sysinit.target shutdown.target
Conflicts=shutdown.target

[Service]
Type=oneshot
RemainAfterExit=yes
LoadCredentialEncrypted=corectl-secret-3cf5b38da334e3cc:/etc/credstore.encrypted/corectl-secret-3cf5b38da334e3cc
ExecStart=install -D -m 0440 -o app -g root %d/corectl-secret-3cf5b38da334e3cc /run/secrets/app/token

[Install]
WantedBy=sysinit.target'
path=$1 want=$2 name=$6 unit_text=$7
cred=/etc/credstore.encrypted/$name
unit=/etc/systemd/system/$name.service
corectl_ensure_dir "${path%/*}" || exit 1
corectl_file "$path" "$want" "$3" "$4" "$5" 0 || exit 1
keep_encrypted() {
  have=''
  if [ -f "$cred" ]; then
    have=$(systemd-creds decrypt --name="$name" "$cred" - 2>/dev/null | b2sum) && have=${have%% *} || have=''
  fi
  if [ "$have" != "$want" ]; then
    if [ -f "$cred" ]; then corectl_msg 'encrypted copy differs'; else corectl_msg 'encrypted copy is missing'; fi
    if [ "$corectl_check" = 0 ]; then
      corectl_ensure_dir /etc/credstore.encrypted || exit 1
      chmod 0700 /etc/credstore.encrypted || exit 1
      systemd-creds encrypt --name="$name" "$path" "$cred.corectl.$corectl_nonce" || { rm -f -- "$cred.corectl.$corectl_nonce"; exit 1; }
      mv -f -- "$cred.corectl.$corectl_nonce" "$cred" || exit 1
    fi
    corectl_changed
  fi

  if [ "$(cat -- "$unit" 2>/dev/null)" != "$unit_text" ]; then
    corectl_msg 'boot unit written'
    if [ "$corectl_check" = 0 ]; then
      printf '%s\n' "$unit_text" > "$unit.corectl.$corectl_nonce" && mv -f -- "$unit.corectl.$corectl_nonce" "$unit" || exit 1
      systemctl daemon-reload || exit 1
    fi
    corectl_changed
  fi
  if ! systemctl -q is-enabled -- "$name.service" 2>/dev/null; then
    corectl_act systemctl -q enable -- "$name.service" || exit 1
  fi
}
[ -z "$name" ] || keep_encrypted
