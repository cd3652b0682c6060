# shellcheck shell=sh
# user: $1 the name; $2 which options are given, space-separated (uid group groups comment home
# shell expires password: the others are left as they are); $3 uid; $4 primary group; $5 the
# groups as given and $6 sorted, each comma-separated without repeats; $7 comment; $8 home;
# $9 shell; ${10} expiry in days since 1970 (empty: none) and ${11} as a date; ${12} the
# password hash; ${13} update the password always (1/0, else on create only); ${14} create the
# home, ${15} move it, ${16} append the groups, ${17} a system account (1/0 each); ${18} the hash
# of the authorized_keys content (the step's stdin; empty: leave the file); ${19} show a diff.
u=$1 given=" $2 " uid=$3 group=$4 groups=$5 sorted=$6 comment=$7 home=$8 shell=$9
exp_days=${10} exp_date=${11} password=${12} update_always=${13} create_home=${14} move_home=${15}
append=${16} system=${17} keys_hash=${18} diff=${19}
has() { case $given in *" $1 "*) return 0 ;; esac; return 1; }
group_words=$(printf '%s' "$groups" | tr ',' ' ')

# The hash reaches chpasswd through printf, a shell builtin: it is in no process's arguments.
corectl_set_password() { printf '%s:%s\n' "$u" "$password" | chpasswd -e; }

# Every group named must exist (or be made by an earlier task of a check run): as Ansible, before
# anything else. (Account names hold no space or glob character: split on purpose.)
if has group; then primary=$group; else primary=''; fi
# shellcheck disable=SC2086
for g in $primary $group_words; do
  getent group "$g" >/dev/null || corectl_planned group "$g" || { echo "Group $g does not exist" >&2; exit 1; }
done

# A uid another account has: useradd and usermod would refuse it, and check mode says so too.
if has uid && other=$(getent passwd "$uid") && [ "${other%%:*}" != "$u" ]; then echo "UID '$uid' already exists with user '${other%%:*}'" >&2; exit 1; fi

if ! pw=$(getent passwd "$u"); then
  corectl_msg "user is missing"
  if [ "$corectl_check" = 1 ]; then corectl_plan user "$u"; corectl_changed; exit 0; fi
  set --
  if has uid; then set -- "$@" -u "$uid"; fi
  if has group; then set -- "$@" -g "$group"; fi
  if has groups && [ -n "$groups" ]; then set -- "$@" -G "$groups"; fi
  if has comment; then set -- "$@" -c "$comment"; fi
  if has home; then set -- "$@" -d "$home"; fi
  if has shell; then set -- "$@" -s "$shell"; fi
  if has expires && [ -n "$exp_date" ]; then set -- "$@" -e "$exp_date"; fi
  # useradd cannot make a home's missing parents: as Ansible, they are made (0755) and the home
  # with them, from /etc/skel with login.defs' UMASK (below), not useradd's HOME_MODE.
  if [ "$create_home" = 1 ] && ! { has home && [ ! -d "$(dirname -- "$home")" ]; }; then set -- "$@" -m; else set -- "$@" -M; fi
  if [ "$system" = 1 ]; then set -- "$@" -r; fi
  # Without a primary group, useradd would make one named after the user: not when one exists.
  if ! has group && getent group "$u" >/dev/null; then set -- "$@" -N; fi
  useradd "$@" -- "$u" || exit 1
  corectl_changed
  if has password; then corectl_set_password || exit 1; fi
else
  IFS=: read -r _ _ cur_uid cur_gid cur_comment cur_home cur_shell <<CORECTL_PW
$pw
CORECTL_PW
  cur_groups=$(getent group | awk -F: -v u="$u" '{ n = split($4, m, ","); for (i = 1; i <= n; i++) if (m[i] == u) { print $1; break } }' | sort | paste -sd, -)
  cur_expires=$(getent shadow "$u" | cut -d: -f8)
  set --
  if has uid; then [ "$cur_uid" = "$uid" ] || { corectl_msg "uid $cur_uid -> $uid"; set -- "$@" -u "$uid"; }; fi
  if has group; then want=$(getent group "$group" | cut -d: -f3); [ "$cur_gid" = "$want" ] || { corectl_msg "primary group $cur_gid -> $want"; set -- "$@" -g "$want"; }; fi
  if has groups; then
    if [ "$append" = 1 ]; then
      for g in $(printf '%s' "$sorted" | tr ',' ' '); do case ",$cur_groups," in *",$g,"*) ;; *) corectl_msg "add to group $g"; add=1 ;; esac; done
      [ -z "${add:-}" ] || set -- "$@" -a -G "$sorted"
    else
      [ "$cur_groups" = "$sorted" ] || { corectl_msg "groups $cur_groups -> $sorted"; set -- "$@" -G "$sorted"; }
    fi
  fi
  if has comment; then [ "$cur_comment" = "$comment" ] || { corectl_msg "comment -> $comment"; set -- "$@" -c "$comment"; }; fi
  if has home; then
    [ "$cur_home" = "$home" ] || { corectl_msg "home $cur_home -> $home"; set -- "$@" -d "$home"; [ "$move_home" = 0 ] || set -- "$@" -m; }
  fi
  if has shell; then [ "$cur_shell" = "$shell" ] || { corectl_msg "shell $cur_shell -> $shell"; set -- "$@" -s "$shell"; }; fi
  if has expires; then
    if [ -z "$exp_days" ]; then [ -z "$cur_expires" ] || [ "$cur_expires" -lt 0 ] || { corectl_msg "expiry removed"; set -- "$@" -e ''; }
    else [ "$cur_expires" = "$exp_days" ] || { corectl_msg "expires -> $exp_date"; set -- "$@" -e "$exp_date"; }; fi
  fi
  if [ $# -gt 0 ]; then corectl_act usermod "$@" -- "$u" || exit 1; fi
  if has password && [ "$update_always" = 1 ]; then
    cur=$(getent shadow "$u" | cut -d: -f2)
    if [ "${cur#!}" != "${password#!}" ]; then corectl_msg "password changes"; corectl_act corectl_set_password || exit 1; fi
  fi
fi

# A home that went missing is made again from /etc/skel, owned by the user, with login.defs' UMASK.
if [ "$create_home" = 1 ]; then
  home=$(getent passwd "$u" | cut -d: -f6)
  if [ -n "$home" ] && [ ! -e "$home" ]; then
    corectl_msg "home $home is missing"
    if [ "$corectl_check" = 0 ]; then
      (umask 022 && mkdir -p -- "$(dirname -- "$home")") || exit 1
      if [ -d /etc/skel ]; then cp -a /etc/skel "$home" || exit 1; else mkdir -p -- "$home" || exit 1; fi
      um=$(sed -n 's/^UMASK[[:space:]]\{1,\}\([0-7]\{1,\}\)[[:space:]]*$/\1/p' /etc/login.defs 2>/dev/null | tail -n 1)
      if [ -n "$um" ]; then chmod "$(printf '%o' $(( 0777 & ~0$um )))" "$home" || exit 1; fi
      chown -R "$(id -u -- "$u"):$(id -g -- "$u")" "$home" || exit 1
    fi
    corectl_changed
  fi
fi

if [ -n "$keys_hash" ]; then
  home=$(getent passwd -- "$u" | cut -d: -f6)
  if [ -n "$home" ]; then
    if [ ! -d "$home/.ssh" ]; then
      if [ "$corectl_check" = 0 ]; then install -d -m 0700 -o "$u" -g "$(id -gn -- "$u")" -- "$home/.ssh" || exit 1; fi
      corectl_changed
    fi
    if [ -d "$home/.ssh" ] || [ "$corectl_check" = 0 ]; then
      corectl_file "$home/.ssh/authorized_keys" "$keys_hash" 600 "$u" '' "$diff" || exit 1
    else corectl_msg "authorized_keys would be written"; fi
  fi
fi
