set -- /etc/ssl/certs/site.pem /etc/pki/site.pem 0 '' '' ''
p=$1 t=$2 force=$3 mode=$4 owner=$5 group=$6
if [ ! -e "$t" ]; then echo "src does not exist: $t" >&2; exit 1; fi
if [ -d "$p" ] && [ ! -L "$p" ]; then p=${p%/}/${t##*/}; corectl_data path "$p"; fi
link=1
if [ -L "$p" ]; then corectl_before "symbolic link to $(readlink -- "$p")"
elif [ -d "$p" ]; then
  if [ "$(stat -L -c %d:%i -- "$p")" = "$(stat -L -c %d:%i -- "$t")" ]; then link=0
  else echo "Cannot link: $p is a directory" >&2; exit 1; fi
elif [ -e "$p" ]; then
  if [ "$(stat -c %d:%i -- "$p")" = "$(stat -L -c %d:%i -- "$t")" ]; then link=0
  elif [ "$force" = 0 ]; then
    if [ "$(stat -c %h -- "$p")" -gt 1 ]; then echo "Cannot link, different hard link exists at destination: $p" >&2; else echo "Cannot link, file exists at destination: $p (force: true replaces it)" >&2; fi
    exit 1
  else corectl_before "another file"; fi
else corectl_before "(absent)"; fi
if [ "$link" = 1 ]; then
  corectl_after "$t"
  corectl_known_user "$owner" && corectl_known_group "$group" || exit 1
  corectl_tmp="${p%/*}/.${p##*/}.corectl.link.$$"
  if [ "$corectl_check" = 0 ]; then ln -- "$t" "$corectl_tmp" && mv -Tf -- "$corectl_tmp" "$p" || exit 1; fi
  corectl_tmp=''
  corectl_changed
  [ "$corectl_check" = 1 ] && exit 0
fi
corectl_meta "$p" "$mode" "$owner" "$group" || exit 1
