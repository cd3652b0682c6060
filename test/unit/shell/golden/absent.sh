p='/etc/it'\''s here'
if [ -e "$p" ] || [ -L "$p" ]; then
  corectl_msg "exists"
  corectl_act rm -rf -- "$p" || exit 1
fi
