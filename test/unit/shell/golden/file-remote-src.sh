set -- /etc/app.conf /usr/share/app/app.conf 644 '' '' 1 0
src=$2
if [ -d "$src" ]; then echo "Source $src is a directory: copying a directory on the host is not supported" >&2; exit 1; fi
if [ ! -e "$src" ]; then echo "Source $src not found" >&2; exit 1; fi
if [ ! -r "$src" ]; then echo "Source $src not readable" >&2; exit 1; fi
corectl_hash_of "$src" '' || exit 1
corectl_stdin=1
unset corectl_stdin_text
corectl_backup=$7
corectl_file "$1" "$corectl_hash" "$3" "$4" "$5" "$6" < "$src" || exit 1
