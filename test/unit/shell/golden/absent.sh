set -- '/etc/it'\''s here'
p=$1
if [ -e "$p" ] || [ -L "$p" ]; then
  corectl_msg "exists"
  corectl_act rm -rf -- "$p" || exit 1
fi
