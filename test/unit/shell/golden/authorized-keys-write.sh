set -- core /var/home/core/.ssh/authorized_keys absent 7bfb71f42b64a0b0210283e5b868cfb95e855de1a1dfea3cb7e20efe088ae6dbef34e64713895ef206dc8d17d8dda8b474c5381a7000dd2fbc280ba47940c23d 1
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
