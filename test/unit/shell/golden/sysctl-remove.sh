set -- /etc/sysctl.d/90-corectl-net.core.somaxconn.conf '' net.core.somaxconn '' remove '' '/etc/sysctl.d/90-corectl-net.core.somaxconn.conf: setting removed' 0 0
f=$1 setting=$2 name=$3 applied=$4 persist=$5 hash=$6 persisted=$7 reload=$8 ignore=$9
if [ -n "$setting" ]; then
  out=$(sysctl -w "$setting" 2>&1) || { echo "setting $name failed, nothing persisted:" "$out" >&2; exit 1; }
  corectl_changed; corectl_msg "$applied"
fi
case $persist in
  remove) corectl_act rm -f -- "$f" || exit 1; corectl_msg "$persisted" ;;
  write) corectl_ensure_dir "${f%/*}" || exit 1; corectl_file "$f" "$hash" '' '' '' 0 || exit 1; corectl_msg "$persisted" ;;
esac
if [ "$reload" = 1 ]; then
  if [ "$ignore" = 1 ]; then set -- -e; else set --; fi
  out=$(sysctl "$@" -p "$f" 2>&1) || { echo "Failed to reload sysctl: $out" >&2; exit 1; }
fi
