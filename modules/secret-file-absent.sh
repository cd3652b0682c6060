# shellcheck shell=sh
# secretFile, absent (or present without `persist`, $2 = keep): $1 the path, $2 `keep` to keep
# the file and remove only what puts it back at boot, $3 the credential's name.
path=$1 name=$3
cred=/etc/credstore.encrypted/$name
unit=/etc/systemd/system/$name.service
if [ -f "$unit" ]; then
  corectl_msg 'boot unit removed'
  if [ "$corectl_check" = 0 ]; then
    systemctl -q disable -- "$name.service" 2>/dev/null || :
    rm -f -- "$unit" && systemctl daemon-reload || exit 1
  fi
  corectl_changed
fi
if [ -f "$cred" ]; then
  corectl_msg 'encrypted copy removed'
  corectl_act rm -f -- "$cred" || exit 1
fi
if [ "$2" != keep ] && [ -e "$path" ]; then
  corectl_msg 'file removed'
  corectl_act rm -f -- "$path" || exit 1
fi
