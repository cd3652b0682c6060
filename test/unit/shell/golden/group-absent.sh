set -- old-team
g=$1
if getent group "$g" >/dev/null; then
  corectl_msg "group exists"
  corectl_act groupdel -- "$g" || exit 1
fi
