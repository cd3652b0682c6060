set -- /etc/sysctl.d/99-site.conf net.core.somaxconn=4096 net.core.somaxconn 'net.core.somaxconn = 128 -> 4096' write 2da4599b57972db51d39d64800770d55bf4aa79e6d36f40ac4568eea1a8500a4eecf4408697f413943261c3e12d790cc37b140954001035e9f428acb85857cd4 '/etc/sysctl.d/99-site.conf: setting written' 1 0
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
