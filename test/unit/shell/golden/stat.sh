set -- '/etc/it'\''s here' 1 sha256sum
p=$1 follow=$2 sum=$3
if [ "$follow" = 1 ]; then
  [ -e "$p" ] || { corectl_data exists 0; exit 0; }
  info=$(stat -L -c '%F|%a|%U|%G|%u|%g|%s|%Y' -- "$p") || exit 1
else
  [ -e "$p" ] || [ -L "$p" ] || { corectl_data exists 0; exit 0; }
  info=$(stat -c '%F|%a|%U|%G|%u|%g|%s|%Y' -- "$p") || exit 1
fi
IFS='|' read -r type mode owner group uid gid size mtime <<EOS
$info
EOS
corectl_data exists 1
corectl_data type "$type"
corectl_data mode "$mode"
corectl_data owner "$owner"
corectl_data group "$group"
corectl_data uid "$uid"
corectl_data gid "$gid"
corectl_data size "$size"
corectl_data mtime "$mtime"
if [ -L "$p" ] && [ "$follow" != 1 ]; then corectl_data linkTargetBase64 "$(readlink -- "$p" | head -c -1 | base64 -w0)"; fi
if [ -n "$sum" ] && [ -f "$p" ] && { [ "$follow" = 1 ] || ! [ -L "$p" ]; }; then
  [ -r "$p" ] || { echo "$p: cannot read it for its checksum" >&2; exit 1; }
  out=$("$sum" < "$p") || exit 1
  corectl_data checksum "${out%% *}"
fi
