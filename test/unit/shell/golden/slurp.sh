set -- '/etc/it'\''s here'
p=$1
[ -e "$p" ] || { echo "$p: no such file" >&2; exit 2; }
[ -d "$p" ] && { echo "$p: is a directory, not a file" >&2; exit 1; }
[ -r "$p" ] || { echo "$p: cannot be read" >&2; exit 1; }
content=$(base64 -w0 < "$p") || exit 1
sum=$(sha1sum < "$p") || exit 1
corectl_data content "$content"
corectl_data sha1 "${sum%% *}"
