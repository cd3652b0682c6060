# shellcheck shell=sh
# authorizedKeys, second step: $1 the user, $2 the file, $3 the hash of what the first step read
# (absent: no file), $4 the new content's hash (the content is the step's stdin), $5 manage the
# directory (1/0). Writes only if the file is still what was read.
u=$1 p=$2 before=$3 hash=$4 manage_dir=$5
if [ -f "$p" ]; then corectl_hash_of "$p" "$before" || exit 1; h=$corectl_hash; else h=absent; fi
[ "$h" = "$before" ] || { echo "$p changed while corectl was editing it; nothing written (run again)" >&2; exit 1; }
d=${p%/*}; g=$(id -g -- "$u") || exit 1
if [ "$manage_dir" = 1 ]; then
  if [ ! -d "$d" ]; then mkdir -m 0700 -- "$d" || exit 1; fi
  chown -- "$u:$g" "$d" && chmod 0700 "$d" || exit 1
else
  [ -d "$d" ] || mkdir -p -- "$d" || exit 1
fi
corectl_file "$p" "$hash" 600 "$u" "$g" 0 || exit 1
