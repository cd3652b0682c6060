# shellcheck shell=sh
# secretFile, present: $1 the path (under /run, a tmpfs), $2 the content's hash, $3 mode, $4 owner,
# $5 group, $6 the credential's name (empty: the file is not kept across reboots), $7 the unit that
# puts it back at boot (its text; empty when not kept). The content is the step's stdin and is
# written only to $1: what survives a reboot is systemd-creds' encryption of it (with the host's
# key, or its TPM), from which the unit writes $1 again early at boot. Nothing in plain text ever
# reaches a disk, and the value is never on a command line.
path=$1 want=$2 name=$6 unit_text=$7
cred=/etc/credstore.encrypted/$name
unit=/etc/systemd/system/$name.service
corectl_ensure_dir "${path%/*}" || exit 1
corectl_file "$path" "$want" "$3" "$4" "$5" 0 || exit 1
# Kept across reboots (a credential name given): the encrypted copy and the unit.
keep_encrypted() {
  # The encrypted copy: decrypted to a pipe to be compared, never to a file.
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

  # The unit, enabled for the next boot (the file is already there for this one).
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
