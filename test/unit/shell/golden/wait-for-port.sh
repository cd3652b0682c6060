set -- '' ns1.example.net 8080 started 60 0 1 ''
path=$1 host=$2 port=$3 state=$4 timeout=$5 delay=$6 pause=$7 regex=$8
[ "$delay" -gt 0 ] && sleep "$delay"
started=$(date +%s)
answers() { timeout 2 bash -c ': < "/dev/tcp/$1/$2"' corectl-wait "$host" "$port" 2>/dev/null; }
found() { LC_ALL=C grep -qzP -- "(?m)$regex" "$path" 2>/dev/null; }
holds() {
  if [ -n "$path" ]; then
    case $state in
      present | started) [ -e "$path" ] && { [ -z "$regex" ] || found; } ;;
      *) ! [ -e "$path" ] ;;
    esac
  elif [ -n "$port" ]; then
    if answers; then [ "$state" = started ]; else [ "$state" = stopped ]; fi
  else
    [ $(($(date +%s) - started)) -ge "$timeout" ]
  fi
}
until holds; do
  if [ $(($(date +%s) - started)) -ge "$timeout" ]; then
    if [ -n "$path" ]; then
      if [ -n "$regex" ]; then echo "Timeout when waiting for search string $regex in $path" >&2; else
        case $state in present | started) echo "Timeout when waiting for file $path" >&2 ;; *) echo "Timeout when waiting for $path to be absent." >&2 ;; esac
      fi
    elif [ "$state" = stopped ]; then echo "Timeout when waiting for $host:$port to stop." >&2
    else echo "Timeout when waiting for $host:$port" >&2
    fi
    exit 1
  fi
  sleep "$pause"
done
corectl_data elapsed $(($(date +%s) - started))
