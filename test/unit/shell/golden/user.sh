u=ops
for g in wheel; do
  getent group "$g" >/dev/null || corectl_planned group "$g" || { echo "Group $g does not exist" >&2; exit 1; }
done
if ! pw=$(getent passwd "$u"); then
  corectl_msg "user is missing"
  if [ "$corectl_check" = 1 ]; then corectl_plan user "$u"; corectl_changed; exit 0; fi
  set -- '-G' wheel '-s' /bin/bash '-m'
  # Without a primary group, useradd would make one named after the user: not when one exists.
  if [ -z '' ] && getent group "$u" >/dev/null; then set -- "$@" -N; fi
  useradd "$@" -- "$u" || exit 1
  corectl_changed
else
  IFS=: read -r _ _ cur_uid cur_gid cur_comment cur_home cur_shell <<CORECTL_PW
$pw
CORECTL_PW
  cur_groups=$(getent group | awk -F: -v u="$u" '{ n = split($4, m, ","); for (i = 1; i <= n; i++) if (m[i] == u) { print $1; break } }' | sort | paste -sd, -)
  cur_expires=$(getent shadow "$u" | cut -d: -f8)
  set --
  [ "$cur_groups" = wheel ] || { corectl_msg "groups $cur_groups -> "wheel; set -- "$@" -G wheel; }
  [ "$cur_shell" = /bin/bash ] || { corectl_msg "shell $cur_shell -> "/bin/bash; set -- "$@" -s /bin/bash; }
  if [ $# -gt 0 ]; then corectl_act usermod "$@" -- "$u" || exit 1; fi
fi
home=$(getent passwd "$u" | cut -d: -f6)
if [ -n "$home" ] && [ ! -e "$home" ]; then
  corectl_msg "home $home is missing"
  if [ "$corectl_check" = 0 ]; then
    if [ -d /etc/skel ]; then cp -a /etc/skel "$home" || exit 1; else mkdir -p -- "$home" || exit 1; fi
    um=$(sed -n 's/^UMASK[[:space:]]\{1,\}\([0-7]\{1,\}\)[[:space:]]*$/\1/p' /etc/login.defs 2>/dev/null | tail -n 1)
    if [ -n "$um" ]; then chmod "$(printf '%o' $(( 0777 & ~0$um )))" "$home" || exit 1; fi
    chown -R "$(id -u -- "$u"):$(id -g -- "$u")" "$home" || exit 1
  fi
  corectl_changed
fi
home=$(getent passwd -- "$u" | cut -d: -f6)
if [ -n "$home" ]; then
  if [ ! -d "$home/.ssh" ]; then
    if [ "$corectl_check" = 0 ]; then install -d -m 0700 -o "$u" -g "$(id -gn -- "$u")" -- "$home/.ssh" || exit 1; fi
    corectl_changed
  fi
  if [ -d "$home/.ssh" ] || [ "$corectl_check" = 0 ]; then
    corectl_file "$home/.ssh/authorized_keys" 7bfb71f42b64a0b0210283e5b868cfb95e855de1a1dfea3cb7e20efe088ae6dbef34e64713895ef206dc8d17d8dda8b474c5381a7000dd2fbc280ba47940c23d 600 "$u" '' 1 || exit 1
  else corectl_msg "authorized_keys would be written"; fi
fi
