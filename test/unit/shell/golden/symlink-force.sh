set -- '/etc/it is' '../it'\''s' 1
p=$1 t=$2 force=$3
if [ -L "$p" ] && [ "$(readlink -- "$p")" = "$t" ]; then exit 0; fi
case $t in /*) abs=$t ;; *) if [ -d "$p" ] && [ ! -L "$p" ]; then abs=$p/$t; else abs=${p%/*}/$t; fi ;; esac
if [ "$force" = 0 ] && [ ! -e "$abs" ] && ! corectl_planned dir "$abs" && ! corectl_planned file "$abs"; then echo "src file does not exist, use force: true if you really want to create the link: $abs" >&2; exit 1; fi
if [ -L "$p" ]; then corectl_before "$(readlink -- "$p")"
elif [ -d "$p" ]; then
  if [ "$force" = 0 ]; then echo "refusing to convert from directory to symlink for $p" >&2; exit 1; fi
  if [ -n "$(ls -A -- "$p")" ]; then echo "the directory $p is not empty, refusing to convert it" >&2; exit 1; fi
  corectl_before "(empty directory)"
elif [ -e "$p" ]; then
  if [ "$force" = 0 ]; then echo "refusing to convert from file to symlink for $p (force: true replaces it)" >&2; exit 1; fi
  corectl_before "(file)"
else corectl_before "(absent)"; fi
corectl_after "$t"
corectl_tmp="${p%/*}/.${p##*/}.corectl.link.$$"
if [ "$corectl_check" = 0 ]; then
  if [ -d "$p" ] && [ ! -L "$p" ]; then rmdir -- "$p" || exit 1; fi
  ln -s -- "$t" "$corectl_tmp" && mv -Tf -- "$corectl_tmp" "$p" || exit 1
fi
corectl_tmp=''
corectl_changed
