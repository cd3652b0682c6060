u=olduser
if getent passwd "$u" >/dev/null; then
  corectl_msg "user exists"
  corectl_act userdel  '-r' -- "$u" || exit 1
fi
