set -- old-team
g=$1
if entry=$(getent group "$g"); then
  corectl_msg "group exists"
  if [ "$corectl_check" = 1 ]; then
    gid=${entry#*:*:}; gid=${gid%%:*}
    user=$(getent passwd | awk -F: -v gid="$gid" '$4 == gid { print $1; exit }')
    if [ -n "$user" ]; then echo "groupdel: cannot remove the primary group of user '$user'" >&2; exit 1; fi
  fi
  corectl_act groupdel -- "$g" || exit 1
fi
