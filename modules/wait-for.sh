# shellcheck shell=sh
# waitFor: $1 a path or empty, $2 the host and $3 the port (empty for none), $4 present, absent,
# started or stopped, $5 the timeout, $6 the delay before the first check and $7 the pause between
# checks, in seconds, $8 a regular expression the file must hold (empty for none). Only looks: a
# file there or not (or holding a match), a TCP port answering or not.
path=$1 host=$2 port=$3 state=$4 timeout=$5 delay=$6 pause=$7 regex=$8
[ "$delay" -gt 0 ] && sleep "$delay"
started=$(date +%s)
# The port is tried by bash's /dev/tcp (bash is on Fedora CoreOS, as Ansible's wait_for connects
# from the host); host and port reach it as arguments, never as text of the command.
# shellcheck disable=SC2016
answers() { timeout 2 bash -c ': < "/dev/tcp/$1/$2"' corectl-wait "$host" "$port" 2>/dev/null; }
# The regex as Ansible applies it: to the file's bytes, MULTILINE. grep -P in the C locale matches
# bytes as Python's bytes patterns do; -z reads the whole file as one record.
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
